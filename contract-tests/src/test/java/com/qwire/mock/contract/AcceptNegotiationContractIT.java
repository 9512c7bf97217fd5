package com.qwire.mock.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of both contracts, a success and a documented error each, sent with the Accept
 * headers real clients send (none, wildcards, JSON, problem+json, library and browser defaults): the
 * answer is the same and valid against the contract whatever the Accept. An Accept that allows
 * nothing the operation produces gets a documented 406 naming what it produces, except where the
 * success has no body (204), which no Accept can refuse.
 */
class AcceptNegotiationContractIT {
    /** null: no Accept header at all. */
    static final List<String> WHAT_CLIENTS_SEND = java.util.Arrays.asList(null, "*/*", "application/json", "application/problem+json",
            "application/json, text/plain, */*", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
    private static final String BAD_TRACE_ID = "not a trace id!";
    /** Over the 64 KiB body limit. */
    private static final String TOO_LARGE = "{\"pad\":\"" + "x".repeat(70_000) + "\"}";
    private static final WebhookSignatures SIGNER = new WebhookSignatures(Config.DEFAULT_WEBHOOK_SECRET, Clock.systemUTC());

    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_CLOCK", "manual", "QWIRE_CLOCK_START", "2026-06-01T12:00:00Z", "QWIRE_CALLBACK_URL", receiver.url()));

    private enum Service { ORDER, CALLBACK, ORDER_PROBE, CALLBACK_PROBE }

    /** One call of one operation: {@code request} follows the contract (validated both ways) or not (answer validated). */
    private record Exchange(String operation, Service service, int status, boolean request, Function<RequestSpecification, Response> call) {
        @Override
        public String toString() {
            return (service.name().startsWith("ORDER") ? "order:" : "callback:") + operation + " " + status;
        }
    }

    private static final Map<String, Exchange> EXCHANGES = new LinkedHashMap<>();

    private static void add(String operation, Service service, int status, boolean request, Function<RequestSpecification, Response> call) {
        Exchange e = new Exchange(operation, service, status, request, call);
        EXCHANGES.put(e.toString(), e);
    }

    static {
        add("createOrder", Service.ORDER, 201, true, r -> r.contentType("application/json").body(order(UUID.randomUUID())).post("/order"));
        add("createOrder", Service.ORDER, 400, false, r -> r.contentType("application/json").body("{\"quantity\":0}").post("/order"));
        add("getOrder", Service.ORDER, 200, true, r -> r.queryParam("reference", newOrder()).get("/order"));
        add("getOrder", Service.ORDER, 404, true, r -> r.queryParam("reference", UUID.randomUUID()).get("/order"));
        add("listCallbacks", Service.ORDER, 200, true, r -> r.queryParam("status", "DELIVERED").get("/admin/callbacks"));
        add("listCallbacks", Service.ORDER, 400, false, r -> r.queryParam("reference", "not-a-uuid").get("/admin/callbacks"));
        add("listOrders", Service.ORDER, 200, true, r -> r.queryParam("status", "CREATED").get("/admin/orders"));
        add("listOrders", Service.ORDER, 400, false, r -> r.queryParam("cursor", "not-a-cursor").get("/admin/orders"));
        add("getSummary", Service.ORDER, 200, true, r -> r.get("/admin/summary"));
        add("getSummary", Service.ORDER, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/admin/summary"));
        add("redeliverCallback", Service.ORDER, 202, true, r -> r.post("/admin/callbacks/" + deliveredEvent() + "/redeliver"));
        add("redeliverCallback", Service.ORDER, 404, true, r -> r.post("/admin/callbacks/" + UUID.randomUUID() + "/redeliver"));
        add("transitionOrder", Service.ORDER, 200, true, r -> r.contentType("application/json").body("{\"to\":\"CANCELLED\"}")
                .post("/admin/orders/" + newOrder() + "/transition"));
        add("transitionOrder", Service.ORDER, 404, true, r -> r.contentType("application/json").body("{\"to\":\"CANCELLED\"}")
                .post("/admin/orders/" + UUID.randomUUID() + "/transition"));
        // SKU-MUG-005 goes OUT_OF_STOCK and back; a call refused with 406 leaves it OUT_OF_STOCK, hence the 409 allowed.
        add("setProductStatus", Service.ORDER, 200, true, r -> {
            given().port(platform.orderPort()).basePath("/v1").contentType("application/json").body("{\"status\":\"OUT_OF_STOCK\"}")
                    .put("/admin/products/SKU-MUG-005/status").then().statusCode(org.hamcrest.Matchers.oneOf(200, 409)); // 409: already so
            return r.contentType("application/json").body("{\"status\":\"ACTIVE\"}").put("/admin/products/SKU-MUG-005/status");
        });
        add("setProductStatus", Service.ORDER, 404, true, r -> r.contentType("application/json").body("{\"status\":\"ACTIVE\"}")
                .put("/admin/products/SKU-NONE-999/status"));
        add("resetOrders", Service.ORDER, 200, true, r -> r.post("/admin/reset"));
        add("resetOrders", Service.ORDER, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).post("/admin/reset"));
        add("listScenarios", Service.ORDER, 200, true, r -> r.get("/admin/scenarios"));
        add("listScenarios", Service.ORDER, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/admin/scenarios"));
        add("putScenario", Service.ORDER, 201, true, r -> r.contentType("application/json").body("{\"steps\":[{\"to\":\"REJECTED\"}]}")
                .put("/admin/scenarios/accept-" + UUID.randomUUID().toString().substring(0, 8)));
        add("putScenario", Service.ORDER, 400, false, r -> r.contentType("application/json").body("{\"steps\":[{\"colour\":\"red\"}]}")
                .put("/admin/scenarios/accept-check"));
        add("getClock", Service.ORDER, 200, true, r -> r.get("/admin/clock"));
        add("getClock", Service.ORDER, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/admin/clock"));
        add("setClock", Service.ORDER, 200, true, r -> r.contentType("application/json").body("{\"now\":\"" + clockNow().plusSeconds(1) + "\"}")
                .put("/admin/clock"));
        add("setClock", Service.ORDER, 400, false, r -> r.contentType("application/json").body("{\"now\":\"tomorrow\"}").put("/admin/clock"));
        add("advanceClock", Service.ORDER, 200, true, r -> r.contentType("application/json").body("{\"duration\":\"PT1S\"}")
                .post("/admin/clock/advance"));
        add("advanceClock", Service.ORDER, 400, false, r -> r.contentType("application/json").body("{\"duration\":\"1 s\"}")
                .post("/admin/clock/advance"));
        add("getLiveness", Service.ORDER_PROBE, 200, true, r -> r.get("/health/live"));
        add("getLiveness", Service.ORDER_PROBE, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/health/live"));
        add("getReadiness", Service.ORDER_PROBE, 200, true, r -> r.get("/health/ready"));
        add("getReadiness", Service.ORDER_PROBE, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/health/ready"));
        add("getMetrics", Service.ORDER_PROBE, 200, true, r -> r.get("/metrics"));
        add("getMetrics", Service.ORDER_PROBE, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/metrics"));

        // The other documented statuses a caller can provoke (500 and the database outage's 503 aside).
        add("createOrder", Service.ORDER, 409, true, r -> {
            UUID reference = UUID.randomUUID();
            given().port(platform.orderPort()).basePath("/v1").contentType("application/json").body(order(reference)).post("/order")
                    .then().statusCode(201);
            return r.contentType("application/json").body(order(reference).replace("\"quantity\":1", "\"quantity\":2")).post("/order");
        });
        add("createOrder", Service.ORDER, 413, false, r -> r.contentType("application/json").body(TOO_LARGE).post("/order"));
        add("createOrder", Service.ORDER, 415, false, r -> r.contentType("text/plain").body("order please").post("/order"));
        add("createOrder", Service.ORDER, 422, true, r -> r.contentType("application/json")
                .body(order(UUID.randomUUID()).replace("SKU-BOOK-001", "SKU-FAX-004")).post("/order"));
        add("createOrder", Service.ORDER, 503, true, r -> r.contentType("application/json")
                .body(order(UUID.randomUUID()).replace("}", ",\"scenario\":\"create-503\"}")).post("/order"));
        add("redeliverCallback", Service.ORDER, 409, true, r -> r.post("/admin/callbacks/" + pendingEvent() + "/redeliver"));
        add("transitionOrder", Service.ORDER, 409, true, r -> r.contentType("application/json").body("{\"to\":\"COMPLETED\"}")
                .post("/admin/orders/" + newOrder() + "/transition"));
        add("transitionOrder", Service.ORDER, 413, false, r -> r.contentType("application/json").body(TOO_LARGE)
                .post("/admin/orders/" + UUID.randomUUID() + "/transition"));
        add("transitionOrder", Service.ORDER, 415, false, r -> r.contentType("text/plain").body("cancel")
                .post("/admin/orders/" + UUID.randomUUID() + "/transition"));
        add("setProductStatus", Service.ORDER, 409, true, r -> r.contentType("application/json").body("{\"status\":\"ACTIVE\"}")
                .put("/admin/products/SKU-FAX-004/status")); // DISCONTINUED is final
        add("setProductStatus", Service.ORDER, 413, false, r -> r.contentType("application/json").body(TOO_LARGE)
                .put("/admin/products/SKU-MUG-005/status"));
        add("setProductStatus", Service.ORDER, 415, false, r -> r.contentType("text/plain").body("ACTIVE")
                .put("/admin/products/SKU-MUG-005/status"));
        add("putScenario", Service.ORDER, 413, false, r -> r.contentType("application/json").body(TOO_LARGE)
                .put("/admin/scenarios/accept-large"));
        add("putScenario", Service.ORDER, 415, false, r -> r.contentType("text/plain").body("steps: []").put("/admin/scenarios/accept-plain"));
        add("setClock", Service.ORDER, 409, true, r -> r.contentType("application/json").body("{\"now\":\"2000-01-01T00:00:00Z\"}")
                .put("/admin/clock"));
        add("setClock", Service.ORDER, 413, false, r -> r.contentType("application/json").body(TOO_LARGE).put("/admin/clock"));
        add("setClock", Service.ORDER, 415, false, r -> r.contentType("text/plain").body("now").put("/admin/clock"));
        add("advanceClock", Service.ORDER, 413, false, r -> r.contentType("application/json").body(TOO_LARGE).post("/admin/clock/advance"));
        add("advanceClock", Service.ORDER, 415, false, r -> r.contentType("text/plain").body("PT1S").post("/admin/clock/advance"));
        add("receiveCallback", Service.CALLBACK, 413, false, r -> r.contentType("application/json").body(TOO_LARGE).post("/callback"));
        add("receiveCallback", Service.CALLBACK, 415, false, r -> r.contentType("text/plain").body("hello").post("/callback"));
        add("addFault", Service.CALLBACK, 413, false, r -> r.contentType("application/json").body(TOO_LARGE).post("/admin/faults"));
        add("addFault", Service.CALLBACK, 415, false, r -> r.contentType("text/plain").body("DROP").post("/admin/faults"));

        add("receiveCallback", Service.CALLBACK, 200, true, r -> signed(r, true).post("/callback"));
        add("receiveCallback", Service.CALLBACK, 401, true, r -> signed(r, false).post("/callback"));
        add("checkCallbacks", Service.CALLBACK, 200, true, r -> r.queryParam("reference", UUID.randomUUID()).get("/check"));
        add("checkCallbacks", Service.CALLBACK, 400, false, r -> r.queryParam("reference", "not-a-uuid").get("/check"));
        add("listFaults", Service.CALLBACK, 200, true, r -> r.get("/admin/faults"));
        add("listFaults", Service.CALLBACK, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/admin/faults"));
        add("addFault", Service.CALLBACK, 201, true, r -> r.contentType("application/json")
                .body("{\"reference\":\"" + UUID.randomUUID() + "\",\"action\":\"DROP\",\"count\":1}").post("/admin/faults"));
        add("addFault", Service.CALLBACK, 400, false, r -> r.contentType("application/json").body("{\"action\":\"EXPLODE\"}").post("/admin/faults"));
        add("clearFaults", Service.CALLBACK, 204, true, r -> r.delete("/admin/faults"));
        add("clearFaults", Service.CALLBACK, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).delete("/admin/faults"));
        add("removeFault", Service.CALLBACK, 204, true, r -> r.delete("/admin/faults/" + newFault()));
        add("removeFault", Service.CALLBACK, 404, true, r -> r.delete("/admin/faults/" + UUID.randomUUID()));
        add("resetReceiver", Service.CALLBACK, 204, true, r -> r.post("/admin/reset"));
        add("resetReceiver", Service.CALLBACK, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).post("/admin/reset"));
        add("getLiveness", Service.CALLBACK_PROBE, 200, true, r -> r.get("/health/live"));
        add("getLiveness", Service.CALLBACK_PROBE, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/health/live"));
        add("getReadiness", Service.CALLBACK_PROBE, 200, true, r -> r.get("/health/ready"));
        add("getReadiness", Service.CALLBACK_PROBE, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/health/ready"));
        add("getMetrics", Service.CALLBACK_PROBE, 200, true, r -> r.get("/metrics"));
        add("getMetrics", Service.CALLBACK_PROBE, 400, false, r -> r.header("X-Trace-Id", BAD_TRACE_ID).get("/metrics"));
    }

    private static final Map<String, OpenApiValidationFilter> FILTERS = new LinkedHashMap<>();

    /** Strict (request and response) or answer-only validation against the contract of {@code service}. */
    private static OpenApiValidationFilter filter(Service service, boolean request, boolean bodiless) {
        return FILTERS.computeIfAbsent(service + "/" + request + "/" + bodiless, k -> {
            Path spec = service == Service.ORDER || service == Service.ORDER_PROBE ? Contracts.ORDER_SPEC : Contracts.CALLBACK_SPEC;
            OpenApiInteractionValidator.Builder builder = OpenApiInteractionValidator.createForSpecificationUrl(spec.toString());
            if (service == Service.ORDER_PROBE || service == Service.CALLBACK_PROBE) {
                builder.withBasePathOverride("/");
            }
            if (!request) {
                builder.withLevelResolver(LevelResolver.create().withLevel("validation.request", ValidationReport.Level.IGNORE).build());
            } else {
                // The validator calls an Accept that matches no response media type a request error. For an
                // operation whose success is a 204 that is every Accept but problem+json; RFC 9110 has the
                // server answer such a request anyway, and it does: its answer is still validated in full.
                builder.withLevelResolver(LevelResolver.create().withLevel("validation.request.accept.notAllowed",
                        bodiless ? ValidationReport.Level.IGNORE : ValidationReport.Level.ERROR).build());
            }
            return new OpenApiValidationFilter(builder.build());
        });
    }

    /** An operation whose success is a 204: no body to negotiate. */
    private static boolean bodiless(Exchange e) {
        return EXCHANGES.values().stream().anyMatch(x -> x.service() == e.service() && x.operation().equals(e.operation()) && x.status() == 204);
    }

    private static RequestSpecification to(Exchange e, String accept, boolean validateRequest) {
        Service service = e.service();
        int port = service == Service.ORDER || service == Service.ORDER_PROBE ? platform.orderPort() : platform.callbackPort();
        RequestSpecification spec = given().port(port).basePath(service == Service.ORDER || service == Service.CALLBACK ? "/v1" : "/")
                .filter(filter(service, validateRequest, bodiless(e)));
        return accept == null ? spec : spec.accept(accept);
    }

    static Stream<Arguments> exchangesTimesAccepts() {
        List<Arguments> all = new ArrayList<>();
        EXCHANGES.keySet().forEach(name -> WHAT_CLIENTS_SEND.forEach(accept -> all.add(Arguments.of(name, accept))));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} with Accept: {1}")
    @MethodSource("exchangesTimesAccepts")
    void everyOperationAnswersWhatRealClientsAccept(String name, String accept) {
        Exchange e = EXCHANGES.get(name);
        boolean metrics = e.operation().equals("getMetrics");
        if (metrics && "application/json".equals(accept)) {
            // The one operation that answers text: a client that accepts JSON only is told so (406, before any other check), as RFC 9110 has it.
            // (problem+json alone is served like every success asked for that way: in the contract's type.)
            Response refused = e.call().apply(to(e, accept, false));
            assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(406);
            assertThat(refused.jsonPath().getString("code")).isEqualTo("NOT_ACCEPTABLE");
            return;
        }
        Response response = e.call().apply(to(e, accept, e.request() && !(metrics && "application/problem+json".equals(accept))));
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(e.status());
        if (e.status() == 204) {
            assertThat(response.asString()).isEmpty();
        } else if (e.status() < 300) {
            assertThat(response.contentType()).startsWith(metrics ? "text/plain; version=0.0.4" : "application/json");
        } else {
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.jsonPath().getString("traceId")).isNotBlank();
        }
    }

    static Stream<Arguments> successes() {
        return EXCHANGES.values().stream().filter(e -> e.status() < 300).map(e -> Arguments.of(e.toString()));
    }

    /** Nothing acceptable: a documented 406 naming what the operation answers; a 204 operation answers anyway. */
    @ParameterizedTest(name = "{0} with Accept: text/html")
    @MethodSource("successes")
    void anAcceptThatAllowsNothingGets406UnlessThereIsNoBody(String name) {
        Exchange e = EXCHANGES.get(name);
        Response response = e.call().apply(to(e, "text/html", false));
        if (bodiless(e)) {
            assertThat(response.statusCode()).as(response.asString()).isEqualTo(204);
            return;
        }
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(406);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo("NOT_ACCEPTABLE");
        assertThat(response.jsonPath().getString("detail")).startsWith("This operation answers with "
                + (e.operation().equals("getMetrics") ? "text/plain" : "application/json"));
        assertThat(response.jsonPath().getString("traceId")).isNotBlank();
    }

    /** Other suites order SKU-MUG-005: leave it ACTIVE, as found. */
    @org.junit.jupiter.api.AfterAll
    static void restoreTheProduct() {
        given().port(platform.orderPort()).basePath("/v1").contentType("application/json").body("{\"status\":\"ACTIVE\"}")
                .put("/admin/products/SKU-MUG-005/status").then().statusCode(org.hamcrest.Matchers.oneOf(200, 409));
    }

    @Test
    void everyOperationOfBothContractsIsExercised() {
        Set<String> covered = new java.util.HashSet<>();
        EXCHANGES.values().forEach(e -> covered.add(e.toString().substring(0, e.toString().indexOf(' '))));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(Operations.all());
    }

    private static String order(UUID reference) {
        return "{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}";
    }

    private static String newOrder() {
        return given().port(platform.orderPort()).basePath("/v1").contentType("application/json").body(order(UUID.randomUUID()))
                .post("/order").then().statusCode(201).extract().path("reference");
    }

    private static java.time.Instant clockNow() {
        return java.time.Instant.parse(given().port(platform.orderPort()).basePath("/v1").get("/admin/clock")
                .then().statusCode(200).extract().<String>path("now"));
    }

    /** A callback delivered to the test receiver: an order created, the manual clock moved until its first callback was sent. */
    private static String deliveredEvent() {
        String reference = newOrder();
        given().port(platform.orderPort()).basePath("/v1").contentType("application/json").body("{\"duration\":\"PT10M\"}")
                .post("/admin/clock/advance").then().statusCode(200);
        return given().port(platform.orderPort()).basePath("/v1").queryParam("reference", reference).queryParam("status", "DELIVERED")
                .get("/admin/callbacks").then().statusCode(200).extract().path("events[0].eventId");
    }

    /** A callback still due for a retry: its target refuses connections, and the manual clock moved just past the first attempt. */
    private static String pendingEvent() {
        String reference = given().port(platform.orderPort()).basePath("/v1").contentType("application/json")
                .body(order(UUID.randomUUID()).replace("}", ",\"callbackUrl\":\"http://127.0.0.1:9/unreachable\"}"))
                .post("/order").then().statusCode(201).extract().path("reference");
        given().port(platform.orderPort()).basePath("/v1").contentType("application/json").body("{\"duration\":\"PT0.3S\"}")
                .post("/admin/clock/advance").then().statusCode(200);
        return given().port(platform.orderPort()).basePath("/v1").queryParam("reference", reference).queryParam("status", "PENDING")
                .get("/admin/callbacks").then().statusCode(200).extract().path("events[0].eventId");
    }

    private static String newFault() {
        return given().port(platform.callbackPort()).basePath("/v1").contentType("application/json")
                .body("{\"reference\":\"" + UUID.randomUUID() + "\",\"action\":\"DROP\",\"count\":1}")
                .post("/admin/faults").then().statusCode(201).extract().path("id");
    }

    private static String sentBody;

    /** A body the dispatcher really sent (captured once), as a fresh event (new id, sent as its webhook-id), signed or with a signature that does not verify. */
    private static RequestSpecification signed(RequestSpecification spec, boolean valid) {
        if (sentBody == null) {
            String reference = newOrder();
            given().port(platform.orderPort()).basePath("/v1").contentType("application/json").body("{\"duration\":\"PT10M\"}")
                    .post("/admin/clock/advance").then().statusCode(200);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !receiver.receivedFor(reference).isEmpty());
            sentBody = receiver.receivedFor(reference).get(0).body();
        }
        String id = UUID.randomUUID().toString();
        String body = sentBody.replaceFirst("\"eventId\":\"[0-9a-f-]{36}\"", "\"eventId\":\"" + id + "\"");
        long now = clockNow().getEpochSecond(); // the receiver checks the timestamp against the platform's (manual) clock
        return spec.contentType("application/json").header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", valid ? SIGNER.sign(id, now, body) : "v1,AAAA").header("X-Callback-Attempt", "1")
                .body(body);
    }
}
