package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Stands in front of a Jersey container and answers the requests whose target carried a malformed
 * percent-escape ({@code /health/live?x=%zz}, {@code /v1/admin/scenarios/..%2F..%zz}): Grizzly and
 * Jersey cannot decode them and failed them as an empty 500 with no trace id and no access-log line
 * (issue 10). The listener's filter (app/MalformedTargetAddOn) moves them to {@link #PATH} with the
 * target as sent in {@link #HEADER}; here they get 400 {@code INVALID_PARAMETER} as problem+json, with
 * {@code X-Trace-Id}, recorded in the access log.
 */
public final class MalformedTargetGuard extends GuardingHandler {
    public static final String PATH = "/.qwire-malformed-target";
    public static final String HEADER = "X-Qwire-Malformed-Target";

    private final DirectProblems problems;

    public MalformedTargetGuard(HttpHandler next, DirectProblems problems) {
        super(next);
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
                "The request's " + where + " cannot be decoded: it has a malformed percent-escape ('%' must be followed by two hex "
                        + "digits), a raw control character" + (where.equals("path") ? ", or an encoded slash or backslash" : "") + ".",
                where, "cannot be decoded");
    }
}
