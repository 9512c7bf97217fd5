package com.qwire.mock.shared.http;

import com.qwire.mock.api.order.model.FieldError;
import com.qwire.mock.api.order.model.Problem;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.logging.LogContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.List;

/** Builds every error answer: RFC 9457 problem+json with catalogue code and trace id. */
public final class Problems {
    public static final String MEDIA_TYPE = "application/problem+json";

    private final Duration retryAfter;

    public Problems(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public Response response(ErrorCode code, String detail, String instance) {
        return response(code, detail, instance, List.of());
    }

    public Response response(ErrorCode code, String detail, String instance, List<FieldViolation> violations) {
        return response(code, code.status(), detail, instance, violations);
    }

    /** With a status other than the code's usual one (an injected fault answers what it was told to). */
    public Response response(ErrorCode code, int status, String detail, String instance, List<FieldViolation> violations) {
        Problem problem = body(code, status, detail, instance, violations, LogContext.traceId());
        Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(problem);
        if (code == ErrorCode.DATABASE_UNAVAILABLE) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        }
        return builder.build();
    }

    /** The problem+json body, also for answers written outside Jersey ({@link DirectProblems}). */
    static Problem body(ErrorCode code, int status, String detail, String instance, List<FieldViolation> violations, String traceId) {
        Problem problem = new Problem()
                .type(code.typeUri())
                .title(code.title())
                .status(status)
                .detail(detail)
                .instance(instance)
                .code(code.name())
                .traceId(traceId);
        problem.setErrors(violations.isEmpty() ? null
                : violations.stream().map(v -> new FieldError().field(v.field()).message(v.message())).toList());
        return problem;
    }
}
