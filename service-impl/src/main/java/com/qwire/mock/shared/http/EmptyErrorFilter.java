package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

import java.util.List;

/**
 * The last net of the one error path: an error answer that reaches the response filters without a body
 * (one Jersey produced itself, bypassing the mappers) gets the problem+json its status stands for, so no
 * client ever sees an empty error. Runs before the access log records the exchange.
 */
@Priority(Priorities.USER + 2000) // response filters run highest first: before the access log (USER + 1000)
public final class EmptyErrorFilter implements ContainerResponseFilter {
    private final Problems problems;

    public EmptyErrorFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity() || "HEAD".equals(request.getMethod())) {
            return;
        }
        ErrorCode code = codeFor(status);
        var problem = problems.response(code, status, "The request could not be served (" + status + ").",
                request.getUriInfo().getRequestUri().getRawPath(), List.of());
        response.setEntity(problem.getEntity(), new java.lang.annotation.Annotation[0], problem.getMediaType());
    }

    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.MALFORMED_REQUEST;
            case 404 -> ErrorCode.RESOURCE_NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 408 -> ErrorCode.REQUEST_TIMEOUT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            case 505 -> ErrorCode.HTTP_VERSION_NOT_SUPPORTED;
            default -> status < 500 ? ErrorCode.MALFORMED_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
    }
}
