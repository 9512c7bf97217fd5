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
            String last = references.get(ORDERS - 1);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    json(Http.get("http://127.0.0.1:" + callbackPort + "/v1/check?reference=" + last).body()).path("events").size() == 2);

            for (String log : List.of("access", "service", "callback-dispatch", "callback-received")) {
                assertThat(rolled(logs, log)).as("%s rolled", log).isNotEmpty();
                // Logback removes archives past the cap asynchronously after a roll: wait for it.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(size(rolled(logs, log))).as("%s rolled files in all", log).isLessThanOrEqualTo(TOTAL + MAX_FILE));
                for (Path file : rolled(logs, log)) {
                    assertThat(Files.size(file)).as(file.toString()).isLessThan(MAX_FILE + 8 * 1024);
                }
            }

            // search-logs finds an order whose lines are in rolled files, with the live ones, in one story.
            String rolledAway = references.stream().filter(r -> onlyInRolled(logs, "access", r)).reduce((a, b) -> b).orElseThrow();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(LogSearch.run(new String[] {"--reference", rolledAway, "--log-dir", logs.toString()}, logs,
                    new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("access").contains("POST /v1/order -> 201");

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
