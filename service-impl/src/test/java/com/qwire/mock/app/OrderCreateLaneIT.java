package com.qwire.mock.app;

import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8: order creations run on workers of their own (QWIRE_ORDER_CREATE_WORKERS), so that the creations
 * waiting for a group commit can be many without every request of the port getting as many threads. Here
 * the port has one worker, a read that a scenario delays holds it, and a creation is still answered at once.
 */
class OrderCreateLaneIT {
    private static final Duration READ_DELAY = Duration.ofSeconds(6);
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of("QWIRE_HTTP_WORKERS", "1"));

    private static String url(String path) {
        return "http://127.0.0.1:" + platform.orderPort() + path;
    }

    private static HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(url(path))).timeout(timeout);
    }

    private static HttpResponse<String> create(Duration timeout) throws Exception {
        return CLIENT.send(request("/v1/order", timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\","
                        + "\"currency\":\"EUR\",\"scenario\":\"slow-read\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the port's only worker is taken: a liveness probe is not answered within half a second. */
    private static boolean portWorkerBusy() throws Exception {
        try {
            CLIENT.send(request("/health/live", Duration.ofMillis(500)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return false;
        } catch (HttpTimeoutException queued) {
            return true;
        }
    }

    @Test
    void aCreationIsAnsweredWhileTheOnlyPortWorkerIsHeld() throws Exception {
        HttpResponse<String> scenario = Http.request("PUT", url("/v1/admin/scenarios/slow-read"), "application/json", """
                {"steps": [{"to": "PROCESSING", "wait": {"fixed": "PT1H"}}],
                 "api": {"get": {"delay": "%s"}}}""".formatted(READ_DELAY));
        assertThat(scenario.statusCode()).as(scenario.body()).isEqualTo(201);
        HttpResponse<String> first = create(Duration.ofSeconds(30));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String reference = json(first).get("reference").asText();

        CompletableFuture<HttpResponse<String>> slowRead = CLIENT.sendAsync(
                request("/v1/order?reference=" + reference, READ_DELAY.multipliedBy(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(READ_DELAY.dividedBy(2)).until(OrderCreateLaneIT::portWorkerBusy);

        // On the port's worker this creation would wait for the read's delay to end: it would time out.
        HttpResponse<String> second = create(Duration.ofSeconds(2));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
        assertThat(slowRead).as("the read still holds the port's worker").isNotDone();

        HttpResponse<String> read = slowRead.get();
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(json(read).get("reference").asText()).isEqualTo(reference);
    }

    private static long laneThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("qwire-order-create")).count();
    }

    @Test
    void theLaneStopsWithItsPlatform() {
        long before = laneThreads(); // the other platform's, and any a test class before this one left
        Platform other = TestPlatform.start(Map.of("QWIRE_ORDER_CREATE_WORKERS", "3"));
        try {
            HttpResponse<String> created = Http.postJson("http://127.0.0.1:" + other.orderPort() + "/v1/order",
                    "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(laneThreads()).as("the creation ran on the new platform's lane").isGreaterThan(before);
        } finally {
            other.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> laneThreads() == before);
    }
}
