package com.qwire.mock.shared.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One entry per API exchange: a JSON line in {@code logs/access.log} (logger {@code qwire.access})
 * and, when enabled, a readable block with pretty-printed bodies on the console
 * ({@code qwire.access.console}). Bodies are capped; trace id and reference come from the MDC.
 */
public final class AccessLog {
    private static final Logger FILE = LoggerFactory.getLogger("qwire.access");
    private static final Logger CONSOLE = LoggerFactory.getLogger("qwire.access.console");
    private static final ObjectMapper PRETTY = new ObjectMapper();

    private final int bodyLimit;
    private final boolean console;

    public AccessLog(int bodyLimit, boolean console) {
        this.bodyLimit = bodyLimit;
        this.console = console;
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
            StringBuilder text = new StringBuilder()
                    .append(e.method()).append(' ').append(e.path()).append(" -> ").append(e.status())
                    .append(String.format(" in %.1f ms", durationMs));
            appendBody(text, "request", e.requestBody(), e.requestBody() == null ? 0 : e.requestBody().length);
            appendBody(text, "response", e.responseBody(), e.responseBytes());
            CONSOLE.info(text.toString());
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
        return capped(body, totalBytes);
    }

    private String capped(byte[] body, long totalBytes) {
        int shown = Math.min(body.length, bodyLimit);
        String text = new String(body, 0, shown, StandardCharsets.UTF_8);
        return totalBytes > shown ? text + "… (" + (totalBytes - shown) + " more bytes)" : text;
    }
}
