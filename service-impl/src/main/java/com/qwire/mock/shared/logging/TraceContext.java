package com.qwire.mock.shared.logging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W3C Trace Context (https://www.w3.org/TR/trace-context/) at the platform's edges: the trace id a
 * caller's {@code traceparent} carries, and the {@code traceparent} a callback carries. Our own trace
 * id stays {@code X-Trace-Id}; this only translates.
 */
public final class TraceContext {
    public static final String HEADER = "traceparent";
    private static final Pattern TRACEPARENT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final Pattern W3C_TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    private TraceContext() {
    }

    /**
     * The trace-id of a {@code traceparent} header, or empty when it is absent or malformed — which the
     * specification says to ignore, never to refuse: version {@code ff}, an all-zero trace or parent id,
     * upper-case hex, or version 00 with more than its four fields.
     */
    public static Optional<String> traceIdOf(String traceparent) {
        if (traceparent == null || traceparent.length() > 512) {
            return Optional.empty();
        }
        Matcher m = TRACEPARENT.matcher(traceparent.strip());
        if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)
                || m.group(2).equals(ZERO_TRACE) || m.group(3).equals(ZERO_SPAN)) {
            return Optional.empty();
        }
        return Optional.of(m.group(2));
    }

    /**
     * The {@code traceparent} of one callback attempt: version 00, sampled, the order's trace id as its
     * trace-id (as is when it is one already — 32 lower-case hex digits, not all zero — else the first
     * 16 bytes of its SHA-256, so that every callback of an order shares one), and a parent-id of its own
     * per attempt, derived from the event id and the attempt number (reproducible, no random state).
     */
    public static String forCallback(String orderTraceId, String eventId, int attempt) {
        String span = sha256Hex(eventId + "#" + attempt).substring(0, 16);
        return "00-" + w3cTraceId(orderTraceId) + "-" + (span.equals(ZERO_SPAN) ? "0000000000000001" : span) + "-01";
    }

    /** Our trace id as a W3C trace-id: itself when it is one, else derived from it (SHA-256, first 16 bytes). */
    public static String w3cTraceId(String traceId) {
        if (W3C_TRACE_ID.matcher(traceId).matches() && !traceId.equals(ZERO_TRACE)) {
            return traceId;
        }
        return sha256Hex(traceId).substring(0, 32);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
