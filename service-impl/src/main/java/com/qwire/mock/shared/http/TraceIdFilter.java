package com.qwire.mock.shared.http;

import com.qwire.mock.shared.logging.LogContext;
import com.qwire.mock.shared.logging.TraceContext;
import com.qwire.mock.shared.random.RandomSource;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;

import java.util.regex.Pattern;

/**
 * Accepts the caller's {@code X-Trace-Id} (or, without one, the trace-id of its W3C {@code traceparent}) or generates one, puts it in the logging context and
 * echoes it on every response. A malformed header is left in place for validation to reject (400);
 * the response then carries a fresh, well-formed id.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class TraceIdFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String HEADER = "X-Trace-Id";
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final RandomSource random;

    public TraceIdFilter(RandomSource random) {
        this.random = random;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(RequestAttributes.STARTED_NANOS, System.nanoTime());
        String given = chosen(request.getHeaderString(HEADER), request.getHeaderString(TraceContext.HEADER));
        String traceId = given != null && VALID.matcher(given).matches() ? given : random.traceId();
        request.setProperty(RequestAttributes.TRACE_ID, traceId);
        LogContext.begin(traceId);
    }

    /**
     * The trace id the caller gave: its {@code X-Trace-Id}, or when it sent none, the trace-id of a
     * well-formed W3C {@code traceparent} (a malformed one is ignored, as the specification says); null
     * when neither.
     */
    static String chosen(String xTraceId, String traceparent) {
        return xTraceId != null ? xTraceId : TraceContext.traceIdOf(traceparent).orElse(null);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        response.getHeaders().putSingle(HEADER, request.getProperty(RequestAttributes.TRACE_ID));
    }
}
