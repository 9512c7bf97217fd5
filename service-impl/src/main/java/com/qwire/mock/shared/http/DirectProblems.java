package com.qwire.mock.shared.http;

import com.qwire.mock.shared.metrics.ServiceMetrics;
import io.micrometer.core.instrument.Counter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.logging.AccessLog;
import com.qwire.mock.shared.logging.LogContext;
import com.qwire.mock.shared.random.RandomSource;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.io.IOException;
import java.util.List;

/**
 * Problems answered straight on Grizzly's response, for requests that never reach Jersey (a target it
 * cannot parse, a body that did not arrive): the same body as {@link Problems}, a trace id (the
 * client's when valid, else a new one), and an access-log line — recorded even when the client is
 * gone and the answer could not be written.
 */
final class DirectProblems {
    private final RandomSource traceIds;
    private final AccessLog accessLog;
    private final ServiceMetrics metrics;
    private final ObjectMapper json = JsonMapper.create();
    private final java.util.Map<Integer, Counter> answered = new java.util.concurrent.ConcurrentHashMap<>();

    DirectProblems(RandomSource traceIds, AccessLog accessLog) {
        this(traceIds, accessLog, null);
    }

    private DirectProblems(RandomSource traceIds, AccessLog accessLog, ServiceMetrics metrics) {
        this.traceIds = traceIds;
        this.accessLog = accessLog;
        this.metrics = metrics;
    }

    /** The same, counting its answers into one service's metrics (Jersey's request timer never sees them). */
    DirectProblems countingInto(ServiceMetrics serviceMetrics) {
        return new DirectProblems(traceIds, accessLog, serviceMetrics);
    }

    /** A problem body ready to send, under its trace id. */
    record Prepared(String traceId, byte[] body) {
    }

    /** {@code target}: the request target as sent (path and query); {@code givenTraceId}: the client's header, if any. */
    Prepared prepare(String givenTraceId, String target, ErrorCode code, int status, String detail, String field, String message) {
        String traceId = givenTraceId != null && TraceIdFilter.VALID.matcher(givenTraceId).matches() ? givenTraceId : traceIds.traceId();
        String instance = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        try {
            return new Prepared(traceId, json.writeValueAsBytes(Problems.body(code, status, detail, instance,
                    List.of(new FieldViolation(field, message)), traceId)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A problem body did not serialize", e);
        }
    }

    /** The access-log line of an answer written outside Jersey. */
    void record(String method, String target, int status, long startedNanos, Prepared answer) {
        if (metrics != null && metrics.enabled()) {
            answered.computeIfAbsent(status, s -> Counter.builder("qwire.http.rejected")
                    .description("Requests answered before routing, as problem+json (malformed HTTP, a bad target, headers or body"
                            + " too large or too slow), by status; Jersey's request timer does not see them")
                    .tag("status", Integer.toString(s)).register(metrics.registry())).increment();
        }
        LogContext.begin(answer.traceId());
        try {
            accessLog.record(new AccessLog.Exchange(method, target, status, (System.nanoTime() - startedNanos) / 1000, null,
                    answer.body(), answer.body().length));
        } finally {
            LogContext.end();
        }
    }

    /** For the request's own target (path and query, as sent). */
    void write(Request request, Response response, ErrorCode code, String detail, String field, String message) throws IOException {
        String query = request.getQueryString();
        write(request, response, request.getRequestURI() + (query == null ? "" : "?" + query), code, detail, field, message);
    }

    /** {@code target}: the request target as sent (path and query). */
    void write(Request request, Response response, String target, ErrorCode code, String detail, String field, String message)
            throws IOException {
        long started = System.nanoTime();
        Prepared answer = prepare(TraceIdFilter.chosen(request.getHeader("X-Trace-Id"), request.getHeader("traceparent")), target, code,
                code.status(), detail, field, message);
        try {
            response.setStatus(code.status());
            response.setContentType(Problems.MEDIA_TYPE);
            response.setHeader("X-Trace-Id", answer.traceId());
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
        } finally {
            record(request.getMethod().getMethodString(), target, code.status(), started, answer);
        }
    }
}
