package com.qwire.mock.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One order's (or one trace's) whole story across the JSON-line logs, in time order: API exchanges,
 * transitions, dispatch attempts and receipts. {@code qwire-mock.jar search-logs --reference <uuid>}.
 */
final class LogSearch {
    private static final Map<String, String> FILES = Map.of(
            "access.log", "access", "service.log", "service",
            "callback-dispatch.log", "dispatch", "callback-received.log", "received");
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogSearch() {
    }

    /** Returns the exit code: 0 when something was found, 1 when nothing was, 2 for bad arguments. */
    static int run(String[] args, Path defaultLogDir, PrintStream out) {
        String reference = null;
        String trace = null;
        Path logDir = defaultLogDir;
        boolean raw = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--reference" -> reference = i + 1 < args.length ? args[++i] : null;
                case "--trace" -> trace = i + 1 < args.length ? args[++i] : null;
                case "--log-dir" -> logDir = i + 1 < args.length ? Path.of(args[++i]) : logDir;
                case "--json" -> raw = true;
                default -> {
                    return usage(out, "unknown argument " + args[i]);
                }
            }
        }
        if ((reference == null) == (trace == null)) {
            return usage(out, "give exactly one of --reference <uuid> or --trace <id>");
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            for (Path path : withRolled(logDir, file.getKey())) {
                entries.addAll(matching(path, file.getValue(), reference, trace));
            }
        }
        entries.sort(Comparator.comparing(Entry::at).thenComparing(Entry::source));
        for (Entry e : entries) {
            out.println(raw ? e.line() : e.at() + "  " + String.format("%-8s", e.source()) + "  " + e.summary());
        }
        if (entries.isEmpty()) {
            out.println("No log lines in " + logDir.toAbsolutePath() + " for " + (reference != null ? "reference " + reference : "trace " + trace));
            return 1;
        }
        return 0;
    }

    /**
     * The live file and every rolled one beside it ({@code service.2026-11-29.0.log}; for the receipt
     * log also those a reset put aside): lines are sorted by time afterwards, so file order does not matter.
     */
    private static List<Path> withRolled(Path logDir, String live) {
        String prefix = live.replaceFirst("\\.log$", "") + ".";
        List<Path> paths = new ArrayList<>();
        if (!Files.isDirectory(logDir)) {
            return paths;
        }
        try (var list = Files.list(logDir)) {
            list.filter(p -> Files.isRegularFile(p)).filter(p -> {
                String name = p.getFileName().toString();
                return name.equals(live) || (name.startsWith(prefix) && name.endsWith(".log"));
            }).sorted().forEach(paths::add);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot list " + logDir, e);
        }
        return paths;
    }

    private static List<Entry> matching(Path path, String source, String reference, String trace) {
        List<Entry> found = new ArrayList<>();
        try (var lines = Files.lines(path, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                if (line.isBlank() || (reference != null && !line.contains(reference)) || (trace != null && !line.contains(trace))) {
                    return;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    boolean hit = reference != null
                            ? reference.equals(n.path("reference").asText(null)) || n.path("message").asText("").contains(reference)
                            : trace.equals(n.path("traceId").asText(null));
                    if (hit) {
                        found.add(new Entry(time(n), source, summary(source, n), line));
                    }
                } catch (IOException notJson) {
                    // a torn last line: skip it
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
        return found;
    }

    private static Instant time(JsonNode n) {
        String t = n.hasNonNull("@timestamp") ? n.get("@timestamp").asText() : n.path("receivedAt").asText();
        return Instant.parse(t);
    }

    private static String summary(String source, JsonNode n) {
        String trace = "  [trace " + n.path("traceId").asText("-") + "]";
        return switch (source) {
            case "access" -> n.path("method").asText() + " " + n.path("path").asText() + " -> " + n.path("status").asText()
                    + " in " + n.path("durationMs").asText() + " ms" + trace;
            case "dispatch" -> "callback " + n.path("webhookId").asText() + " attempt " + n.path("attempt").asText()
                    + " (" + n.path("trigger").asText() + ") to " + n.path("url").asText() + ": "
                    + (n.hasNonNull("responseStatus") ? "HTTP " + n.get("responseStatus").asText() : n.path("error").asText())
                    + " in " + n.path("durationMs").asText() + " ms -> " + n.path("outcome").asText()
                    + (n.hasNonNull("nextAttemptAt") ? ", next attempt " + n.get("nextAttemptAt").asText() : "") + trace;
            case "received" -> "callback " + n.path("webhookId").asText() + " " + n.path("status").asText() + " attempt "
                    + n.path("attempt").asText() + ": signature " + (n.path("signatureValid").asBoolean() ? "valid" : "INVALID")
                    + (n.path("duplicate").asBoolean() ? ", duplicate" : "")
                    + (n.hasNonNull("fault") ? ", injected fault " + n.get("fault").asText() : "")
                    + " -> " + (n.path("responseStatus").asInt() == 0 ? "connection dropped" : n.path("responseStatus").asText()) + trace;
            default -> n.path("level").asText() + " " + n.path("message").asText() + trace;
        };
    }

    private static int usage(PrintStream out, String problem) {
        out.println("search-logs: " + problem);
        out.println("usage: search-logs (--reference <uuid> | --trace <id>) [--log-dir <dir>] [--json]");
        return 2;
    }

    private record Entry(Instant at, String source, String summary, String line) {
    }
}
