package com.qwire.mock.shared.http;

import jakarta.ws.rs.container.ContainerRequestContext;

import java.nio.charset.StandardCharsets;

/** The request body exactly as received (kept by {@link RequestBodyFilter}); signatures are checked over these bytes. */
public final class RawBody {
    private RawBody() {
    }

    public static String of(ContainerRequestContext request) {
        byte[] body = (byte[]) request.getProperty(RequestAttributes.REQUEST_BODY);
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
