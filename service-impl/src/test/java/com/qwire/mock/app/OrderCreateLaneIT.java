package com.qwire.mock.app;

import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8: order creations run on workers of their own (QWIRE_ORDER_CREATE_WORKERS), so that the creations
 * waiting for a group commit can be many without every request of the port getting as many threads. Here
 * the port has one worker, a request waiting for a row lock holds it, and a creation is still answered at once.
 */
class OrderCreateLaneIT {
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
                        + "\"currency\":\"EUR\",\"scenario\":\"stuck\"}")).build(), HttpResponse.BodyHandlers.ofString());
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
        HttpResponse<String> first = create(Duration.ofSeconds(30));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String reference = json(first).get("reference").asText();

        // A manual transition of an order whose row another transaction has locked waits on the port's only
        // worker (a slow statement; an injected delay would not do: it holds no worker, see DelayedAnswersIT).
        try (Connection lock = TestDatabase.connect()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement("SELECT status FROM orders WHERE reference = ? FOR UPDATE")) {
                select.setString(1, reference);
                select.executeQuery().close();
            }
            CompletableFuture<HttpResponse<String>> stuck = CLIENT.sendAsync(
                    request("/v1/admin/orders/" + reference + "/transition", Duration.ofSeconds(60)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"PROCESSING\"}")).build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(10)).until(OrderCreateLaneIT::portWorkerBusy);

            // On the port's worker this creation would wait for the lock: it would time out.
            HttpResponse<String> second = create(Duration.ofSeconds(2));
            assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
            assertThat(stuck).as("the transition still holds the port's worker").isNotDone();

            lock.rollback();
            HttpResponse<String> moved = stuck.get();
            assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        }
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
