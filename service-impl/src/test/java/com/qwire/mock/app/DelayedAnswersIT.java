package com.qwire.mock.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An injected delay (a scenario's {@code api} delay, the receiver's DELAY fault) holds the answer back, not a worker
 * (issue 8: a mock in a performance environment must serve C callers of a D-second delay at C / D a second, as the
 * slow service it stands for would). Each port here has one worker: on it, delayed requests served one after
 * another would answer a second apart at best, and nothing else would be answered meanwhile.
 */
class DelayedAnswersIT {
    private static final Duration DELAY = Duration.ofSeconds(3);
    private static final int CALLERS = 6;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of("QWIRE_HTTP_WORKERS", "1", "QWIRE_ORDER_CREATE_WORKERS", "1"));

    private static String orders(String path) {
        return "http://127.0.0.1:" + platform.orderPort() + path;
    }

    private static String callbacks(String path) {
        return "http://127.0.0.1:" + platform.callbackPort() + path;
    }

    /** A request sent now; its answer's arrival is stamped ({@link System#nanoTime()}). */
    private record Timed(long sent, CompletableFuture<HttpResponse<String>> answer, long[] arrived) {
        static Timed send(HttpRequest request) {
            long[] arrived = new long[1];
            long sent = System.nanoTime();
            return new Timed(sent, CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> arrived[0] = System.nanoTime()),
                    arrived);
        }

        HttpResponse<String> await() throws Exception {
            return answer.get();
        }

        Duration waited() {
            return Duration.ofNanos(arrived[0] - sent);
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
    }

    private static void scenario(String name, String api) {
        HttpResponse<String> put = Http.request("PUT", orders("/v1/admin/scenarios/" + name), "application/json",
                "{\"steps\": [{\"to\": \"PROCESSING\", \"wait\": {\"fixed\": \"PT1H\"}}], \"api\": " + api + "}");
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
    }

    private static String order(String reference, String scenario) {
        return "{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\","
                + "\"currency\":\"EUR\",\"scenario\":\"" + scenario + "\"}";
    }

    @Test
    void delayedReadsAreAnsweredSideBySideAndTheirPortGoesOn() throws Exception {
        scenario("slow-reads", "{\"get\": {\"delay\": \"" + DELAY + "\"}}");
        String reference = UUID.randomUUID().toString();
        assertThat(Http.postJson(orders("/v1/order"), order(reference, "slow-reads")).statusCode()).isEqualTo(201);

        List<Timed> reads = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            reads.add(Timed.send(get(orders("/v1/order?reference=" + reference))));
        }
        // All of them held now, none answered yet: the port's only worker is free for a probe.
        Timed probe = Timed.send(get(orders("/health/live")));
        assertThat(probe.await().statusCode()).isEqualTo(200);

        long firstRead = Long.MAX_VALUE;
        long lastRead = Long.MIN_VALUE;
        for (Timed read : reads) {
            HttpResponse<String> answer = read.await();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json(answer).get("reference").asText()).isEqualTo(reference);
            assertThat(read.waited()).as("the scenario's delay is kept").isGreaterThanOrEqualTo(DELAY);
            firstRead = Math.min(firstRead, read.arrived()[0]);
            lastRead = Math.max(lastRead, read.arrived()[0]);
        }
        assertThat(probe.arrived()[0]).as("the probe was answered before any held read").isLessThan(firstRead);
        assertThat(Duration.ofNanos(lastRead - firstRead)).as("served side by side, not one after another")
                .isLessThan(DELAY);
    }

    @Test
    void aDelayedCreationIsStoredAtOnceAndAnsweredAfterTheDelay() throws Exception {
        scenario("slow-create", "{\"create\": {\"delay\": \"" + DELAY + "\"}}");
        String reference = UUID.randomUUID().toString();
        Timed creation = Timed.send(HttpRequest.newBuilder(URI.create(orders("/v1/order"))).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(order(reference, "slow-create"))).build());

        await().atMost(DELAY).until(() -> Http.get(orders("/v1/order?reference=" + reference)).statusCode() == 200);
        assertThat(creation.answer()).as("stored, its answer still held").isNotDone();

        HttpResponse<String> created = creation.await();
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(created).get("reference").asText()).isEqualTo(reference);
        assertThat(creation.waited()).isGreaterThanOrEqualTo(DELAY);
    }

    @Test
    void aDelayedFaultIsAnsweredAfterTheDelayWithItsProblem() throws Exception {
        scenario("slow-failure", "{\"get\": {\"delay\": \"" + DELAY + "\", \"status\": 503, \"retryAfter\": \"PT2S\"}}");
        String reference = UUID.randomUUID().toString();
        assertThat(Http.postJson(orders("/v1/order"), order(reference, "slow-failure")).statusCode()).isEqualTo(201);

        Timed read = Timed.send(get(orders("/v1/order?reference=" + reference)));
        HttpResponse<String> answer = read.await();
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("2");
        JsonNode problem = json(answer);
        assertThat(problem.get("code").asText()).isEqualTo("SCENARIO_FAULT");
        assertThat(problem.get("traceId").asText()).isEqualTo(answer.headers().firstValue("X-Trace-Id").orElseThrow());
        assertThat(read.waited()).isGreaterThanOrEqualTo(DELAY);
    }

    @Test
    void aDelayedReceiverRecordsTheCallbackAtOnceAndKeepsItsPortFree() throws Exception {
        String reference = UUID.randomUUID().toString();
        HttpResponse<String> fault = Http.postJson(callbacks("/v1/admin/faults"),
                "{\"reference\":\"" + reference + "\",\"action\":\"DELAY\",\"delayMs\":" + DELAY.toMillis() + ",\"count\":1}");
        assertThat(fault.statusCode()).as(fault.body()).isEqualTo(201);
        HttpResponse<String> soon = Http.request("PUT", orders("/v1/admin/scenarios/soon"), "application/json",
                "{\"steps\": [{\"to\": \"PROCESSING\", \"wait\": {\"fixed\": \"PT0.1S\"}}]}");
        assertThat(soon.statusCode()).as(soon.body()).isIn(200, 201);
        assertThat(Http.postJson(orders("/v1/order"), order(reference, "soon")).statusCode()).isEqualTo(201);

        // The receipt is there while the sender still waits for its answer; the port's only worker answers a probe.
        await().atMost(DELAY).until(() -> json(Http.get(callbacks("/v1/check?reference=" + reference))).get("count").asInt() == 1);
        JsonNode journal = json(Http.get(orders("/v1/admin/callbacks?reference=" + reference)));
        assertThat(journal.get("events").get(0).get("status").asText()).as(journal.toString()).isNotEqualTo("DELIVERED");
        Timed probe = Timed.send(get(callbacks("/health/live")));
        assertThat(probe.await().statusCode()).isEqualTo(200);

        await().atMost(DELAY.multipliedBy(5)).until(() ->
                json(Http.get(orders("/v1/admin/callbacks?reference=" + reference))).get("events").get(0).get("status").asText().equals("DELIVERED"));
        JsonNode attempt = json(Http.get(orders("/v1/admin/callbacks?reference=" + reference))).get("events").get(0).get("attemptLog").get(0);
        assertThat(attempt.get("responseStatus").asInt()).isEqualTo(200);
        assertThat(attempt.get("durationMs").asLong()).as("the sender waited for the held answer").isGreaterThanOrEqualTo(DELAY.toMillis());
        assertThat(json(Http.get(callbacks("/v1/check?reference=" + reference))).get("count").asInt()).as("one receipt, no retry").isEqualTo(1);
    }

    @Test
    void aCallerThatLeavesWhileItsAnswerIsHeldCostsTheOthersNothing() throws Exception {
        scenario("slow-reads-2", "{\"get\": {\"delay\": \"PT1S\"}}");
        String left = UUID.randomUUID().toString();
        String stays = UUID.randomUUID().toString();
        assertThat(Http.postJson(orders("/v1/order"), order(left, "slow-reads-2")).statusCode()).isEqualTo(201);
        assertThat(Http.postJson(orders("/v1/order"), order(stays, "slow-reads-2")).statusCode()).isEqualTo(201);
        long servedBefore = servedReads(orders(""));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", platform.orderPort())) {
            socket.getOutputStream().write(("GET /v1/order?reference=" + left + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> servedReads(orders("")) > servedBefore); // served, its answer held
        } // and gone before the answer

        List<Timed> reads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            reads.add(Timed.send(get(orders("/v1/order?reference=" + stays))));
        }
        for (Timed read : reads) {
            HttpResponse<String> answer = read.await();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json(answer).get("reference").asText()).as("each caller gets its own answer").isEqualTo(stays);
        }
        assertThat(Http.get(orders("/health/live")).statusCode()).isEqualTo(200);
    }

    /** {@code http_server_requests_seconds_count} of GET /v1/order, all statuses. */
    private static long servedReads(String base) {
        return Http.get(base + "/metrics").body().lines()
                .filter(line -> line.startsWith("http_server_requests_seconds_count{") && line.contains("method=\"GET\"")
                        && line.contains("uri=\"/v1/order\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aStoppingPlatformAnswersWhatItHolds() throws Exception {
        Platform other = TestPlatform.start(Map.of());
        Timed read;
        try {
            String base = "http://127.0.0.1:" + other.orderPort();
            HttpResponse<String> put = Http.request("PUT", base + "/v1/admin/scenarios/very-slow-read", "application/json",
                    "{\"steps\": [], \"api\": {\"get\": {\"delay\": \"PT60S\"}}}");
            assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
            String reference = UUID.randomUUID().toString();
            assertThat(Http.postJson(base + "/v1/order", order(reference, "very-slow-read")).statusCode()).isEqualTo(201);
            read = Timed.send(get(base + "/v1/order?reference=" + reference));
            // Served and held: the request is counted as done when its answer is put aside.
            await().atMost(Duration.ofSeconds(20)).until(() -> servedReads(base) == 1);
        } finally {
            other.close();
        }
        HttpResponse<String> answer = read.answer().get();
        assertThat(answer.statusCode()).as("answered at the stop, not cut off").isEqualTo(200);
        assertThat(read.waited()).isLessThan(Duration.ofSeconds(60));
    }
}
