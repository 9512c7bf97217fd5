package com.qwire.mock.shared.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One entry per API exchange: a JSON line in {@code logs/access.log} (logger {@code qwire.access})
 * and, when enabled, a readable block with pretty-printed bodies on the console
 * ({@code qwire.access.console}). Bodies are capped; trace id and reference come from the MDC.
 * The console block is formatted on a thread of its own, never on the request's: at most
 * {@link #CONSOLE_BACKLOG} blocks wait; past that a block is dropped, counted, and the count logged.
 */
public final class AccessLog implements AutoCloseable {
    static final int CONSOLE_BACKLOG = 4096;
    private static final Logger FILE = LoggerFactory.getLogger("qwire.access");
    private static final Logger CONSOLE = LoggerFactory.getLogger("qwire.access.console");
    private static final ObjectMapper PRETTY = new ObjectMapper();

    private final int bodyLimit;
    private final boolean console;
    private final ThreadPoolExecutor consoleWriter;
    private final AtomicLong dropped = new AtomicLong();

    public AccessLog(int bodyLimit, boolean console) {
        this.bodyLimit = bodyLimit;
        this.console = console;
        this.consoleWriter = !console ? null : new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(CONSOLE_BACKLOG), runnable -> {
                    Thread t = new Thread(runnable, "qwire-access-console");
                    t.setDaemon(true);
                    return t;
                }, (task, executor) -> dropped.incrementAndGet());
    }

    public record Exchange(String method, String path, int status, long durationMicros,
                           byte[] requestBody, byte[] responseBody, long responseBytes) {
    }

    public void record(Exchange e) {
        double durationMs = e.durationMicros() / 1000.0;
        if (FILE.isInfoEnabled()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("method", e.method());
            fields.put("path", e.path());
            fields.put("status", e.status());
            fields.put("durationMs", durationMs);
            fields.put("requestBytes", e.requestBody() == null ? 0 : e.requestBody().length);
            fields.put("responseBytes", e.responseBytes());
            if (e.requestBody() != null && e.requestBody().length > 0) {
                fields.put("requestBody", capped(e.requestBody(), e.requestBody().length));
            }
            if (e.responseBody() != null && e.responseBody().length > 0) {
                fields.put("responseBody", capped(e.responseBody(), e.responseBytes()));
            }
            FILE.info(Markers.appendEntries(fields), "{} {} {} {}ms", e.method(), e.path(), e.status(), durationMs);
        }
        if (console && CONSOLE.isInfoEnabled()) {
            Map<String, String> context = MDC.getCopyOfContextMap();
            consoleWriter.execute(() -> writeToConsole(e, durationMs, context));
        }
    }

    private void writeToConsole(Exchange e, double durationMs, Map<String, String> context) {
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            CONSOLE.warn("{} exchanges were not shown here: the console fell behind (they are in access.log)", lost);
        }
        StringBuilder text = new StringBuilder()
                .append(e.method()).append(' ').append(printable(e.path())).append(" -> ").append(e.status())
                .append(String.format(" in %.1f ms", durationMs));
        appendBody(text, "request", e.requestBody(), e.requestBody() == null ? 0 : e.requestBody().length);
        appendBody(text, "response", e.responseBody(), e.responseBytes());
        if (context != null) {
            MDC.setContextMap(context);
        }
        try {
            CONSOLE.info(text.toString());
        } finally {
            MDC.clear();
        }
    }

    /** Shows what is waiting (up to a second), then stops the console thread. */
    @Override
    public void close() {
        if (consoleWriter != null) {
            consoleWriter.shutdown();
            try {
                consoleWriter.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void appendBody(StringBuilder text, String label, byte[] body, long totalBytes) {
        if (body == null || body.length == 0) {
            return;
        }
        text.append("\n  ").append(label).append(":\n    ").append(pretty(body, totalBytes).replace("\n", "\n    "));
    }

    private String pretty(byte[] body, long totalBytes) {
        if (body.length >= totalBytes) {
            try {
                JsonNode tree = PRETTY.readTree(body);
                String formatted = PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
                return formatted.length() > bodyLimit ? formatted.substring(0, bodyLimit) + "… (truncated)" : formatted;
            } catch (IOException notJson) {
                // fall through: show the raw text
            }
        }
        return printable(capped(body, totalBytes));
    }

    /**
     * What a client sent, safe for a terminal: every control character but the line feed and tab —
     * carriage returns, ANSI escapes, C1 controls, Unicode line separators, bidi overrides — is written
     * as {@code \\uXXXX}, so a body or path cannot forge or hide console lines (the JSON files escape
     * them already).
     */
    static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = (Character.isISOControl(c) && c != '\n' && c != '\t') || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
            if (unsafe && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (unsafe) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private String capped(byte[] body, long totalBytes) {
        int shown = Math.min(body.length, bodyLimit);
        String text = new String(body, 0, shown, StandardCharsets.UTF_8);
        return totalBytes > shown ? text + "… (" + (totalBytes - shown) + " more bytes)" : text;
    }
}
