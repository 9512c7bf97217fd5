package com.qwire.mock.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.ServiceProcess;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Disk stays bounded, as a real process: with small limits every log — the three Logback ones and the
 * receipt log — rolls by size, the oldest rolled files go at the total cap, search-logs reads across
 * the rolled files, and /check says since when receipts may be missing.
 */
class LogRollingIT {
    private static final long MAX_FILE = 16 * 1024;
    private static final long TOTAL = 64 * 1024;
    private static final int ORDERS = 150;

    @Test
    void everyLogRollsAndStaysWithinItsCapAndIsSearchedAcrossItsRolledFiles(@TempDir Path dir) throws Exception {
        int orderPort = TestPlatform.freePort();
        int callbackPort = TestPlatform.freePort();
        Path logs = dir.resolve("logs");
        try (ServiceProcess service = ServiceProcess.start("all", Map.of(
                "QWIRE_DB_URL", TestDatabase.url(),
                "QWIRE_ORDER_PORT", Integer.toString(orderPort),
                "QWIRE_CALLBACK_PORT", Integer.toString(callbackPort),
                "QWIRE_LOG_DIR", logs.toString(),
                "QWIRE_ACCESS_LOG_CONSOLE", "false",
                "QWIRE_PROCESSING_DELAY_MS", "10",
                "QWIRE_COMPLETION_DELAY_MS", "10",
                "QWIRE_LOG_MAX_FILE_SIZE", "16KB",
                "QWIRE_LOG_TOTAL_SIZE", "64KB"), dir.resolve("service.out"))) {
            service.awaitReady("http://127.0.0.1:" + orderPort + "/health/ready");
            List<String> references = new ArrayList<>();
            for (int i = 0; i < ORDERS; i++) {
                var created = Http.postJson("http://127.0.0.1:" + orderPort + "/v1/order",
                        "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"5.00\",\"currency\":\"EUR\"}");
                assertThat(created.statusCode()).isEqualTo(201);
                references.add(json(created.body()).get("reference").asText());
            }
            // Waited for on disk, not through /v1/check: on a slow machine every poll was an access line of its own,
            // and they pushed the orders' lines out of the capped rolled files (CI saw it).
            String last = references.get(ORDERS - 1);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> linesWith(logs, "callback-received", last) == 2);

            for (String log : List.of("access", "service", "callback-dispatch", "callback-received")) {
                assertThat(rolled(logs, log)).as("%s rolled", log).isNotEmpty();
                // Logback removes archives past the cap asynchronously after a roll: wait for it.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(size(rolled(logs, log))).as("%s rolled files in all", log).isLessThanOrEqualTo(TOTAL + MAX_FILE));
                for (Path file : rolled(logs, log)) {
                    assertThat(Files.size(file)).as(file.toString()).isLessThan(MAX_FILE + 8 * 1024);
                }
            }

            // search-logs finds an order whose lines are in rolled files, with the live ones, in one story: an order
            // whose creation rolled away while its callbacks are still live, or else one whose creation is only in a rolled file.
            String told = references.stream().filter(r -> !accessLines(logs, r, true).isEmpty() && !accessLines(logs, r, false).isEmpty())
                    .reduce((a, b) -> b)
                    .orElseGet(() -> references.stream().filter(r -> onlyInRolled(logs, "access", r)).reduce((a, b) -> b).orElseThrow());
            List<String> rolledLines = accessLines(logs, told, true);
            assertThat(rolledLines).isNotEmpty();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(LogSearch.run(new String[] {"--reference", told, "--log-dir", logs.toString(), "--json"}, logs,
                    new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(rolledLines).contains(accessLines(logs, told, false));

            // The first orders' receipts went with their files: /check says since when receipts may be missing.
            JsonNode first = json(Http.get("http://127.0.0.1:" + callbackPort + "/v1/check?reference=" + references.get(0)).body());
            assertThat(first.has("retainedSince")).as(first.toString()).isTrue();
        }
    }

    private static List<Path> rolled(Path logs, String log) throws IOException {
        try (Stream<Path> list = Files.list(logs)) {
            return list.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(log) + "\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log"))
                    .toList();
        }
    }

    private static long size(List<Path> files) throws IOException {
        long total = 0;
        for (Path p : files) {
            total += Files.exists(p) ? Files.size(p) : 0;
        }
        return total;
    }

    /** The access lines naming {@code reference}, from the rolled files or from the live one. */
    private static List<String> accessLines(Path logs, String reference, boolean rolledFiles) {
        try {
            return linesNaming(rolledFiles ? rolled(logs, "access") : List.of(logs.resolve("access.log")), reference);
        } catch (IOException e) {
            return List.of(); // a file went while reading it
        }
    }

    /** Lines naming {@code reference} in a log and its rolled files. */
    private static long linesWith(Path logs, String log, String reference) throws IOException {
        List<Path> files = new ArrayList<>(rolled(logs, log));
        files.add(logs.resolve(log + ".log"));
        return linesNaming(files, reference).size();
    }

    private static List<String> linesNaming(List<Path> files, String reference) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Path p : files) {
            if (Files.exists(p)) {
                Files.readString(p).lines().filter(line -> line.contains(reference)).forEach(lines::add);
            }
        }
        return lines;
    }

    private static boolean onlyInRolled(Path logs, String log, String reference) {
        try {
            boolean inRolled = false;
            for (Path p : rolled(logs, log)) {
                // Its creation itself must be there: the order's later lines (its callbacks) may sit in a newer
                // rolled file while the one with its POST was already deleted for the cap.
                inRolled |= Files.readString(p).lines().anyMatch(line -> line.contains(reference) && line.contains("\"POST\"")
                        && line.contains("/v1/order"));
            }
            return inRolled && !Files.readString(logs.resolve(log + ".log")).contains(reference);
        } catch (IOException e) {
            return false; // a file went while reading it
        }
    }
}
