package com.qwire.mock.testing.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the running test did over HTTP, for the test execution report. Tests run one at a time, but a
 * test's calls may come from helper threads (awaitility), so the current recording is global, not per thread.
 */
public final class TestSteps {
    private static final Pattern UUID_IN_URL = Pattern.compile("(?:reference=|/orders/)([0-9a-fA-F-]{36})");
    private static final Pattern REFERENCE_FIELD = Pattern.compile("\"reference\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
    private static final int MAX_STEPS = 400;
    private static volatile Recording current;

    private TestSteps() {
    }

    /** One HTTP exchange of a test. */
    public record Step(String method, String path, int status, long durationMs, String traceId) {
    }

    /** Everything one test did; {@code droppedSteps} counts calls beyond the report's limit. */
    public static final class Recording {
        final List<Step> steps = new ArrayList<>();
        final Set<String> references = new LinkedHashSet<>();
        final Set<String> traceIds = new LinkedHashSet<>();
        int droppedSteps;
    }

    static void begin() {
        current = new Recording();
    }

    static Recording end() {
        Recording done = current;
        current = null;
        return done == null ? new Recording() : done;
    }

    /** Records one exchange (no-op outside a test); {@code path} includes the query. Bodies are only searched for references. */
    public static void http(String method, String path, int status, long durationMs, String traceId, String requestBody, String responseBody) {
        Recording r = current;
        if (r == null) {
            return;
        }
        synchronized (r) {
            if (r.steps.size() < MAX_STEPS) {
                r.steps.add(new Step(method, path, status, durationMs, traceId));
            } else {
                r.droppedSteps++;
            }
            if (traceId != null) {
                r.traceIds.add(traceId);
            }
            collect(UUID_IN_URL.matcher(path), r.references);
            if (requestBody != null) {
                collect(REFERENCE_FIELD.matcher(requestBody), r.references);
            }
            if (responseBody != null && responseBody.length() < 1_000_000) {
                collect(REFERENCE_FIELD.matcher(responseBody), r.references);
            }
        }
    }

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find()) {
            into.add(matcher.group(1).toLowerCase(java.util.Locale.ROOT));
        }
    }
}
