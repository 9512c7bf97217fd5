package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class QwireExceptionMapper implements ExceptionMapper<QwireException> {
    private static final Logger log = LoggerFactory.getLogger(QwireExceptionMapper.class);

    private final Problems problems;
    @Context
    private UriInfo uriInfo;

    public QwireExceptionMapper(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Response toResponse(QwireException e) {
        if (e.status() >= 500 && e.code() != ErrorCode.SCENARIO_FAULT) {
            log.warn("{}: {}", e.code(), e.getMessage(), e.getCause());
        }
        Response response = problems.response(e.code(), e.status(), e.getMessage(), uriInfo.getRequestUri().getRawPath(), e.violations());
        return e.retryAfter().isEmpty() ? response
                : Response.fromResponse(response).header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().get().toSeconds())).build();
    }
}
