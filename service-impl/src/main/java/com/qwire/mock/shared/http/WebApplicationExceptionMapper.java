package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * JAX-RS' own refusals (no such path, wrong method, media type, unparsable parameter) as problems.
 * An unparsable query parameter is the caller's 400, not the 404 JAX-RS would send.
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    private static final Logger log = LoggerFactory.getLogger(WebApplicationExceptionMapper.class);

    private final Problems problems;
    @Context
    private ExtendedUriInfo uriInfo;
    @Context
    private Request request;

    public WebApplicationExceptionMapper(Problems problems) {
        this.problems = problems;
    }

    /** The innermost cause's own words (e.g. "Invalid UUID string: abc"), never a class name. */
    private static Optional<String> rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? Optional.empty() : Optional.ofNullable(t.getMessage());
    }

    @Override
    public Response toResponse(WebApplicationException e) {
        String path = uriInfo.getRequestUri().getRawPath();
        if (e instanceof ParamException p) {
            String reason = "is malformed" + rootMessage(p).map(m -> ": " + m).orElse("");
            return problems.response(ErrorCode.INVALID_PARAMETER, "Parameter '" + p.getParameterName() + "' " + reason + ".", path,
                    List.of(new FieldViolation(p.getParameterName(), reason)));
        }
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> problems.response(ErrorCode.RESOURCE_NOT_FOUND, "No resource at " + path + ".", path);
            case 405 -> Response.fromResponse(problems.response(ErrorCode.METHOD_NOT_ALLOWED,
                            "Method not allowed here; allowed: " + String.join(", ", e.getResponse().getAllowedMethods()) + ".", path))
                    .header(HttpHeaders.ALLOW, String.join(",", e.getResponse().getAllowedMethods())).build();
            case 406 -> problems.response(ErrorCode.NOT_ACCEPTABLE, "This operation answers with "
                    + Negotiation.produced(uriInfo, request.getMethod()) + " (problems with application/problem+json); "
                    + "the Accept header allows none of them.", path);
            case 413 -> problems.response(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is too large.", path);
            case 415 -> problems.response(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be "
                    + Negotiation.consumed(uriInfo, request.getMethod()) + ".", path);
            case 400 -> problems.response(ErrorCode.VALIDATION_FAILED, "The request is invalid.", path);
            default -> {
                log.error("Unexpected HTTP error {} on {}", status, path, e);
                yield problems.response(ErrorCode.INTERNAL_ERROR, "Unexpected error; quote the trace id when reporting it.", path);
            }
        };
    }
}
