package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Enforces the body limit before anything parses the body, declared length or not (chunked
 * bodies are counted as they arrive), and keeps the bytes for the access log.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 50)
public final class RequestBodyFilter implements ContainerRequestFilter {
    private final int maxBytes;
    private final Problems problems;

    public RequestBodyFilter(int maxBytes, Problems problems) {
        this.maxBytes = maxBytes;
        this.problems = problems;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (request.getLength() > maxBytes) {
            reject(request);
            return;
        }
        if (request.getLength() <= 0 && request.getHeaderString("Transfer-Encoding") == null) {
            return; // no body declared: nothing to read (and nothing to block on)
        }
        InputStream in = request.getEntityStream();
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            reject(request);
            return;
        }
        request.setProperty(RequestAttributes.REQUEST_BODY, body);
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private void reject(ContainerRequestContext request) {
        request.abortWith(problems.response(ErrorCode.PAYLOAD_TOO_LARGE,
                "The request body exceeds the limit of " + maxBytes + " bytes.",
                request.getUriInfo().getRequestUri().getRawPath()));
    }
}
