package com.qwire.mock.shared.http;

import com.qwire.mock.shared.db.Database;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.logging.ClientAbortFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Anything unexpected: an opaque 500 for the caller, the stack trace in our log with the trace id. */
public final class FallbackExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger log = LoggerFactory.getLogger(FallbackExceptionMapper.class);

    private final Problems problems;
    @Context
    private UriInfo uriInfo;

    public FallbackExceptionMapper(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Response toResponse(Throwable e) {
        String path = uriInfo.getRequestUri().getRawPath();
        if (Database.isConnectivityFailure(e)) {
            log.warn("Database unreachable while serving {}: {}", path, e.getMessage());
            return problems.response(ErrorCode.DATABASE_UNAVAILABLE, "The database is not reachable.", path);
        }
        if (ClientAbortFilter.isClientAbort(e)) {
            // Nobody will read the answer; the access log still records the exchange.
            log.debug("The client closed the connection before its request to {} was complete: {}", path, e.toString());
            return problems.response(ErrorCode.VALIDATION_FAILED, "The request ended before it was complete: the client closed the connection.",
                    path);
        }
        log.error("Unhandled error on {}", path, e);
        return problems.response(ErrorCode.INTERNAL_ERROR, "Unexpected error; quote the trace id when reporting it.", path);
    }
}
