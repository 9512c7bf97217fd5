package com.qwire.mock.shared.http;

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
    private final ObjectMapper json = JsonMapper.create();

    DirectProblems(RandomSource traceIds, AccessLog accessLog) {
        this.traceIds = traceIds;
        this.accessLog = accessLog;
    }

    /** {@code target}: the request target as sent (path and query). */
    void write(Request request, Response response, String target, ErrorCode code, String detail, String field, String message)
            throws IOException {
        long started = System.nanoTime();
        String given = request.getHeader("X-Trace-Id");
        String traceId = given != null && TraceIdFilter.VALID.matcher(given).matches() ? given : traceIds.traceId();
        String instance = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        byte[] body = json.writeValueAsBytes(Problems.body(code, code.status(), detail, instance,
                List.of(new FieldViolation(field, message)), traceId));
        try {
            response.setStatus(code.status());
            response.setContentType(Problems.MEDIA_TYPE);
            response.setHeader("X-Trace-Id", traceId);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } finally {
            LogContext.begin(traceId);
            try {
                accessLog.record(new AccessLog.Exchange(request.getMethod().getMethodString(), target, code.status(),
                        (System.nanoTime() - started) / 1000, null, body, body.length));
            } finally {
                LogContext.end();
            }
        }
    }
}
