package com.qwire.mock.shared.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.api.order.model.FieldError;
import com.qwire.mock.api.order.model.Problem;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.logging.AccessLog;
import com.qwire.mock.shared.logging.LogContext;
import com.qwire.mock.shared.random.RandomSource;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.util.List;

/**
 * Stands in front of a Jersey container and answers the requests whose target carried a malformed
 * percent-escape ({@code /health/live?x=%zz}, {@code /v1/admin/scenarios/..%2F..%zz}): Grizzly and
 * Jersey cannot decode them and failed them as an empty 500 with no trace id and no access-log line
 * (issue 10). The listener's filter (app/MalformedTargetAddOn) moves them to {@link #PATH} with the
 * target as sent in {@link #HEADER}; here they get 400 {@code INVALID_PARAMETER} as problem+json, with
 * {@code X-Trace-Id}, recorded in the access log.
 */
public final class MalformedTargetGuard extends HttpHandler {
    public static final String PATH = "/.qwire-malformed-target";
    public static final String HEADER = "X-Qwire-Malformed-Target";

    private final HttpHandler next;
    private final ProblemWriter problems;

    public MalformedTargetGuard(HttpHandler next, ProblemWriter problems) {
        this.next = next;
        this.problems = problems;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String malformed = request.getHeader(HEADER);
        if (malformed == null || !PATH.equals(request.getRequestURI())) {
            next.service(request, response);
            return;
        }
        String where = malformed.substring(0, malformed.indexOf(' '));
        String target = malformed.substring(where.length() + 1);
        problems.write(request, response, target, ErrorCode.INVALID_PARAMETER,
                "The request's " + where + " has a malformed percent-escape: '%' must be followed by two hex digits.",
                where, "has a malformed percent-escape");
    }

    /**
     * Answers a problem straight on Grizzly's response, for requests that never reach Jersey: trace id
     * (the client's, when valid, else a new one), problem+json body, access-log line.
     */
    public static final class ProblemWriter {
        private final RandomSource traceIds;
        private final AccessLog accessLog;
        private final ObjectMapper json = JsonMapper.create();

        public ProblemWriter(RandomSource traceIds, AccessLog accessLog) {
            this.traceIds = traceIds;
            this.accessLog = accessLog;
        }

        /** {@code target}: the request target as sent (path and query). */
        void write(Request request, Response response, String target, ErrorCode code, String detail, String field, String message)
                throws java.io.IOException {
            long started = System.nanoTime();
            String given = request.getHeader("X-Trace-Id");
            String traceId = given != null && TraceIdFilter.VALID.matcher(given).matches() ? given : traceIds.traceId();
            Problem problem = new Problem()
                    .type(code.typeUri())
                    .title(code.title())
                    .status(code.status())
                    .detail(detail)
                    .instance(target.contains("?") ? target.substring(0, target.indexOf('?')) : target)
                    .code(code.name())
                    .traceId(traceId);
            problem.setErrors(List.of(new FieldError().field(field).message(message)));
            byte[] body = json.writeValueAsBytes(problem);
            try {
                response.setStatus(code.status());
                response.setContentType(Problems.MEDIA_TYPE);
                response.setHeader("X-Trace-Id", traceId);
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            } finally {
                // Recorded even when the client is gone and the answer could not be written.
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

    @Override
    public void start() {
        next.start();
    }

    @Override
    public void destroy() {
        next.destroy();
    }
}
