package com.qwire.mock.contract;

import com.qwire.mock.testing.RunningPlatform;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, GET /metrics: each port serves its own service's metrics, valid against its contract, in the
 * text format or OpenMetrics as asked; the counters follow what happened (orders, transitions by the
 * timeline and by hand, attempts, receipts, requests); and no label takes a per-order value, so the
 * series do not grow with orders. The scrapes are kept under target/metrics/ for `promtool check metrics`
 * (scripts/run_all_tests.sh).
 */
class MetricsContractIT {
    /** What Prometheus 2.42 sends. */
    static final String PROMETHEUS_ACCEPT = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final Path KEPT = Path.of("target", "metrics");

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "20", "QWIRE_COMPLETION_DELAY_MS", "20"));

    /** Orders other suites left on the shared test database would move and call back here: start from none. */
    @BeforeAll
    static void forgetOtherSuitesOrders() {
        given().port(platform.orderPort()).basePath("/v1").when().post("/admin/reset").then().statusCode(200);
    }

    static Scrape scrape(int port, String spec) {
        return Scrape.parse(given().port(port).filter(Contracts.probes(Path.of(spec))).when().get("/metrics")
                .then().statusCode(200).contentType("text/plain; version=0.0.4; charset=utf-8").extract().asString());
    }

    private static Scrape orderMetrics() {
        return scrape(platform.orderPort(), Contracts.ORDER_SPEC.toString());
    }

    private static Scrape callbackMetrics() {
        return scrape(platform.callbackPort(), Contracts.CALLBACK_SPEC.toString());
    }

    private static String createOrder(String scenario) {
        return given().port(platform.orderPort()).basePath("/v1").contentType("application/json")
                .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"2.00\",\"currency\":\"EUR\",\"scenario\":\"" + scenario + "\"}")
                .when().post("/order").then().statusCode(201).extract().path("reference");
    }

    private static int received(String reference) {
        return given().port(platform.callbackPort()).basePath("/v1").queryParam("reference", reference).when().get("/check")
                .then().statusCode(200).extract().path("count");
    }

    @Test
    void eachPortServesItsOwnServicesMetrics() throws IOException {
        createOrder("happy"); // every kind of meter has something to show
        Scrape order = orderMetrics();
        Scrape callback = callbackMetrics();
        for (String name : List.of("qwire_build_info", "qwire_orders_total", "qwire_outbox_events", "qwire_outbox_lag_seconds",
                "qwire_timeline_due_transitions", "qwire_timeline_lag_seconds", "qwire_clock_manual", "qwire_clock_time_seconds",
                "http_server_requests_seconds_bucket", "hikaricp_connections_active", "hikaricp_connections_pending",
                "hikaricp_connections_timeout_total", "jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_pause_seconds_count",
                "process_cpu_usage", "process_uptime_seconds")) {
            assertThat(order.has(name)).as("order service: %s", name).isTrue();
        }
        for (String name : List.of("qwire_build_info", "qwire_callbacks_received_total", "qwire_faults_fired_total",
                "qwire_receipts_indexed", "http_server_requests_seconds_bucket", "jvm_memory_used_bytes", "process_uptime_seconds")) {
            assertThat(callback.has(name)).as("callback server: %s", name).isTrue();
        }
        assertThat(order.has("qwire_callbacks_received_total")).isFalse();
        assertThat(callback.has("qwire_outbox_events")).isFalse();
        assertThat(callback.has("hikaricp_connections_active")).isFalse();
        assertThat(order.series().keySet()).allSatisfy(s -> assertThat(s).contains("service=\"order\""));
        assertThat(callback.series().keySet()).allSatisfy(s -> assertThat(s).contains("service=\"callback\""));
        assertThat(order.sum("qwire_build_info", "mode=\"all\"")).isEqualTo(1.0);
        assertThat(order.sum("qwire_outbox_events", "state=\"dead_letter\"")).isZero();
        Files.createDirectories(KEPT);
        Files.writeString(KEPT.resolve("order.prom"), order.text());
        Files.writeString(KEPT.resolve("callback.prom"), callback.text());
    }

    @Test
    void openMetricsWhenAskedForAsPrometheusAsks() {
        for (int port : new int[] {platform.orderPort(), platform.callbackPort()}) {
            Response response = given().port(port).filter(Contracts.probes(port == platform.orderPort() ? Contracts.ORDER_SPEC : Contracts.CALLBACK_SPEC))
                    .accept(PROMETHEUS_ACCEPT).when().get("/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.contentType()).isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(response.asString()).contains("# TYPE qwire_build info", "qwire_build_info{").endsWith("# EOF\n");
        }
    }

    @Test
    void countersFollowWhatHappened() {
        awaitQuiet(); // what other tests of this class started has ended
        Scrape order = orderMetrics();
        Scrape callback = callbackMetrics();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            references.add(createOrder("happy"));
        }
        String byHand = createOrder("stuck");
        given().port(platform.orderPort()).basePath("/v1").contentType("application/json").body("{\"to\":\"CANCELLED\"}")
                .when().post("/admin/orders/" + byHand + "/transition").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> references.stream().allMatch(r -> received(r) == 2) && received(byHand) == 1);
        // Outcomes are written (and counted) just after the receiver answered: wait for the counters, then compare exactly.
        await().atMost(Duration.ofSeconds(10)).until(() -> orderMetrics().sum("qwire_callback_attempts_total", "outcome=\"delivered\"")
                - order.sum("qwire_callback_attempts_total", "outcome=\"delivered\"") >= 11);
        Scrape orderAfter = orderMetrics();
        Scrape callbackAfter = callbackMetrics();

        assertThat(delta(order, orderAfter, "qwire_orders_total", "scenario=\"happy\"")).isEqualTo(5);
        assertThat(delta(order, orderAfter, "qwire_orders_total", "scenario=\"stuck\"")).isEqualTo(1);
        assertThat(delta(order, orderAfter, "qwire_order_transitions_total", "from=\"CREATED\"", "to=\"PROCESSING\"", "trigger=\"timeline\""))
                .isEqualTo(5);
        assertThat(delta(order, orderAfter, "qwire_order_transitions_total", "from=\"PROCESSING\"", "to=\"COMPLETED\"", "trigger=\"timeline\""))
                .isEqualTo(5);
        assertThat(delta(order, orderAfter, "qwire_order_transitions_total", "from=\"CREATED\"", "to=\"CANCELLED\"", "trigger=\"manual\""))
                .isEqualTo(1);
        assertThat(delta(order, orderAfter, "qwire_callback_attempts_total", "outcome=\"delivered\"", "error=\"none\"", "status_class=\"2xx\""))
                .isEqualTo(11);
        assertThat(delta(order, orderAfter, "qwire_callback_attempts_total")).isEqualTo(11);
        assertThat(delta(order, orderAfter, "qwire_callback_delivery_latency_seconds_count")).isEqualTo(11);
        assertThat(delta(order, orderAfter, "qwire_callback_attempt_duration_seconds_count")).isEqualTo(11);
        assertThat(delta(order, orderAfter, "http_server_requests_seconds_count", "method=\"POST\"", "uri=\"/v1/order\"", "status=\"201\""))
                .isEqualTo(6);
        assertThat(delta(order, orderAfter, "http_server_requests_seconds_count", "uri=\"/v1/admin/orders/{reference}/transition\"",
                "status=\"200\"")).isEqualTo(1);
        assertThat(delta(callback, callbackAfter, "qwire_callbacks_received_total", "outcome=\"accepted\"")).isEqualTo(11);
        assertThat(delta(callback, callbackAfter, "http_server_requests_seconds_count", "method=\"POST\"", "uri=\"/v1/callback\"",
                "status=\"200\"")).isEqualTo(11);
        assertThat(delta(callback, callbackAfter, "qwire_receipts_indexed")).isEqualTo(11);
    }

    /** What the server answers before routing (the codec, the body and target guards) is counted too: Jersey's timer never sees it. */
    @Test
    void requestsRefusedBeforeRoutingAreCountedByStatus() throws IOException {
        double before = orderMetrics().sum("qwire_http_rejected_total", "status=\"505\"");
        double beforeLong = callbackMetrics().sum("qwire_http_rejected_total", "status=\"414\"");
        assertThat(RawHttp.exchange(platform.orderPort(), "NOT HTTP AT ALL\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .status()).as("not HTTP/1.x: 505").isEqualTo(505);
        assertThat(RawHttp.exchange(platform.callbackPort(), ("GET /v1/check?reference=" + "x".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)).status()).isEqualTo(414);
        assertThat(orderMetrics().sum("qwire_http_rejected_total", "status=\"505\"") - before).isEqualTo(1);
        assertThat(callbackMetrics().sum("qwire_http_rejected_total", "status=\"414\"") - beforeLong).isEqualTo(1);
        assertThat(orderMetrics().sum("qwire_http_rejected_total", "status=\"414\"")).as("counted by the port that answered").isZero();
    }

    /**
     * 1,000 orders with their 2,000 callbacks add no series: every label value is bounded, and none is a
     * reference or a trace id. (JVM meters are left out: a collector's cause or a memory pool may first
     * appear at any time.)
     */
    @Test
    void seriesDoNotGrowWithOrders() {
        Predicate<String> ours = s -> s.startsWith("qwire_") || s.startsWith("http_") || s.startsWith("hikaricp_");
        createAndAwaitCallbacks(20);
        Set<String> before = seriesOf(orderMetrics(), ours);
        Set<String> beforeCallback = seriesOf(callbackMetrics(), ours);

        List<String> references = createAndAwaitCallbacks(1000);
        Scrape order = orderMetrics();
        Scrape callback = callbackMetrics();
        assertThat(seriesOf(order, ours)).isEqualTo(before);
        assertThat(seriesOf(callback, ours)).isEqualTo(beforeCallback);
        for (String reference : references) {
            assertThat(order.text()).doesNotContain(reference);
            assertThat(callback.text()).doesNotContain(reference);
        }
    }

    /** Creates {@code n} orders and waits until their 2n callbacks are in and their outcomes written. */
    private static List<String> createAndAwaitCallbacks(int n) {
        double accepted = callbackMetrics().sum("qwire_callbacks_received_total", "outcome=\"accepted\"");
        double delivered = orderMetrics().sum("qwire_callback_attempts_total", "outcome=\"delivered\"");
        List<String> references = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            references.add(createOrder("happy"));
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
                callbackMetrics().sum("qwire_callbacks_received_total", "outcome=\"accepted\"") - accepted >= 2 * n
                        && orderMetrics().sum("qwire_callback_attempts_total", "outcome=\"delivered\"") - delivered >= 2 * n);
        return references;
    }

    /**
     * Every callback this class's orders made is delivered and received: two per happy order, one per order
     * moved by hand (the stuck ones, moved at once).
     */
    private static void awaitQuiet() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Scrape order = orderMetrics();
            double expected = 2 * order.sum("qwire_orders_total", "scenario=\"happy\"") + order.sum("qwire_order_transitions_total", "trigger=\"manual\"");
            return order.sum("qwire_callback_attempts_total", "outcome=\"delivered\"") == expected
                    && callbackMetrics().sum("qwire_callbacks_received_total", "outcome=\"accepted\"") == expected;
        });
    }

    private static Set<String> seriesOf(Scrape scrape, Predicate<String> which) {
        return scrape.series().keySet().stream().filter(which).collect(Collectors.toCollection(TreeSet::new));
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
