package com.qwire.mock.shared.logging;

import org.slf4j.MDC;

import java.util.UUID;

/**
 * The per-request logging context: trace id and order reference, in the MDC so every log line
 * of the request carries them. Requests are served synchronously on one worker thread.
 */
public final class LogContext {
    public static final String TRACE_ID = "traceId";
    public static final String REFERENCE = "reference";

    private LogContext() {
    }

    public static void begin(String traceId) {
        MDC.clear();
        MDC.put(TRACE_ID, traceId);
    }

    public static String traceId() {
        return MDC.get(TRACE_ID);
    }

    public static void reference(UUID reference) {
        MDC.put(REFERENCE, reference.toString());
    }

    public static void end() {
        MDC.clear();
    }
}
