package com.qwire.mock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11's proof with the real thing: Debian's Prometheus, started here on a free port with its data in a
 * temporary folder, scrapes the platform (mode B, MariaDB) every second while its own callback server plays
 * a flaky receiver (injected 503s). PromQL then agrees with the admin journal — orders created, attempts per
 * outcome, dead letters — and the callback lag rises while the receiver fails and falls once it answers.
 */
class PrometheusScrapeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> startingFromNoOrders(Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "100", "QWIRE_COMPLETION_DELAY_MS", "100",
            "QWIRE_CALLBACK_MAX_ATTEMPTS", "6", "QWIRE_CALLBACK_INITIAL_BACKOFF_MS", "1000", "QWIRE_CALLBACK_BACKOFF_MULTIPLIER", "2",
            "QWIRE_CALLBACK_BACKOFF_RANDOMIZATION", "0", "QWIRE_CALLBACK_MAX_BACKOFF_MS", "4000")));

    /**
     * Counters count from the platform's start, the journal from the reset: a callback another suite left
     * retrying (CI saw two, 46 retries counted against 44 in the journal) must not be attempted in between.
     */
    private static Map<String, String> startingFromNoOrders(Map<String, String> settings) {
        com.qwire.mock.testing.TestDatabase.deleteAllOrders();
        return settings;
    }

    private static Path data;
    private static Process prometheus;
    private static int prometheusPort;

    @BeforeAll
    static void startPrometheus() throws Exception {
        // Orders other suites left on the shared database would move and call back here: start from none.
        given().port(platform.orderPort()).basePath("/v1").when().post("/admin/reset").then().statusCode(200);
        Path binary = Path.of("/usr/bin/prometheus");
        assertThat(binary).as("Debian's prometheus package is needed (scripts/check_prometheus.sh installs it)").isExecutable();
        data = Files.createTempDirectory("qwire-prometheus");
        prometheusPort = TestPlatform.freePort();
        Files.writeString(data.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: qwire-order
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                  - job_name: qwire-callback
                    static_configs: [{targets: ['127.0.0.1:%d']}]
                """.formatted(platform.orderPort(), platform.callbackPort()));
        prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + data.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + prometheusPort, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(data.resolve("prometheus.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("/-/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> value("sum(up{job=~\"qwire-.*\"})") == 2);
    }

    @AfterAll
    static void stopPrometheus() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (data != null) {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void promqlAgreesWithTheJournalAndTheLagFollowsTheReceiver() throws Exception {
        // Healthy: five orders, ten callbacks.
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            references.add(createOrder(UUID.randomUUID()));
        }
        // Down for four orders (every attempt answered 503 until the faults are removed, before their sixth attempt),
        // for good for two (dead letters).
        List<String> downFaults = new ArrayList<>();
        List<UUID> down = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<UUID> doomed = List.of(UUID.randomUUID(), UUID.randomUUID());
        for (UUID reference : down) {
            downFaults.add(addFault(reference));
        }
        doomed.forEach(PrometheusScrapeIT::addFault);
        for (UUID reference : down) {
            references.add(createOrder(reference));
        }
        for (UUID reference : doomed) {
            references.add(createOrder(reference));
        }

        // While the receiver fails, the lag rises: Prometheus sees it above 2 s and still growing.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> value("qwire_outbox_lag_seconds") > 2);
        double earlier = value("qwire_outbox_lag_seconds");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() -> value("qwire_outbox_lag_seconds") > earlier + 1);
        assertThat(value("max_over_time(qwire_outbox_events{state=\"pending\"}[1m])")).isPositive();

        // The receiver answers again for the others: their next attempts get through and the lag falls to nothing.
        for (String fault : downFaults) {
            given().port(platform.callbackPort()).basePath("/v1").when().delete("/admin/faults/" + fault).then().statusCode(204);
        }
        // The two doomed orders' callbacks run out of attempts (1 + 2 + 4 + 4 + 4 s of backoff): dead letters appear.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> value("qwire_outbox_events{state=\"dead_letter\"}") == 4);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> value("qwire_outbox_lag_seconds") == 0
                && value("qwire_outbox_events{state=\"pending\"}") == 0 && value("qwire_outbox_events{state=\"in_flight\"}") == 0);
        assertThat(value("max_over_time(qwire_outbox_lag_seconds[2m])")).isGreaterThan(3);

        // PromQL and the journal tell the same story.
        JsonNode events = given().port(platform.orderPort()).basePath("/v1").when().get("/admin/callbacks")
                .then().statusCode(200).extract().as(JsonNode.class).get("events");
        Map<String, Integer> journalOutcomes = new HashMap<>();
        int deadLetters = 0;
        java.util.Set<String> journalReferences = new java.util.HashSet<>();
        for (JsonNode event : events) {
            journalReferences.add(event.get("reference").asText());
            if (event.get("status").asText().equals("DEAD_LETTER")) {
                deadLetters++;
            }
            for (JsonNode attempt : event.get("attemptLog")) {
                journalOutcomes.merge(attempt.get("outcome").asText().toLowerCase(), 1, Integer::sum);
            }
        }
        assertThat(journalReferences).containsExactlyInAnyOrderElementsOf(references);
        assertThat(deadLetters).isEqualTo(4); // both callbacks of both doomed orders
        assertThat(journalOutcomes.get("delivered")).isEqualTo(2 * (5 + 4));
        Map<String, Integer> journal = Map.copyOf(journalOutcomes);
        int deadLettered = deadLetters;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(value("sum(qwire_orders_total)")).isEqualTo((double) (references.size()));
            assertThat(value("sum(qwire_callback_attempts_total{outcome=\"delivered\"})")).isEqualTo((double) (journal.get("delivered")));
            assertThat(value("sum(qwire_callback_attempts_total{outcome=\"retry\"})")).isEqualTo((double) (journal.get("retry")));
            assertThat(value("sum(qwire_callback_attempts_total{outcome=\"dead_letter\"})")).isEqualTo((double) (journal.get("dead_letter")));
            assertThat(value("sum(qwire_callback_attempts_total{outcome=\"retry\", error=\"http_status\", status_class=\"5xx\"})"))
                    .isEqualTo((double) (journal.get("retry")));
            assertThat(value("qwire_outbox_events{state=\"dead_letter\"}")).isEqualTo((double) (deadLettered));
            assertThat(value("sum(qwire_callbacks_received_total{outcome=\"fault\"})"))
                    .isEqualTo((double) (journal.get("retry") + journal.get("dead_letter")));
            assertThat(value("sum(qwire_callbacks_received_total{outcome=\"accepted\"})")).isEqualTo((double) (journal.get("delivered")));
        });
    }

    private static String createOrder(UUID reference) {
        return given().port(platform.orderPort()).basePath("/v1").contentType("application/json")
                .body("{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"2.00\","
                        + "\"currency\":\"EUR\",\"scenario\":\"happy\"}")
                .when().post("/order").then().statusCode(201).extract().path("reference");
    }

    /** Every callback of {@code reference} answered 503 until removed; returns the fault's id. */
    private static String addFault(UUID reference) {
        return given().port(platform.callbackPort()).basePath("/v1").contentType("application/json")
                .body("{\"reference\":\"" + reference + "\",\"action\":\"FAIL\",\"status\":503,\"count\":1000}")
                .when().post("/admin/faults").then().statusCode(201).extract().path("id");
    }

    /** The single value of an instant PromQL query (0 for an empty result). */
    private static double value(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.body()).at("/data/result");
        assertThat(result.size()).as("%s: %s", promql, result).isLessThanOrEqualTo(1);
        return result.isEmpty() ? 0 : Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
