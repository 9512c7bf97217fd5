package com.qwire.mock.contract;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * Issue 11, trace context: a W3C traceparent names the request's trace when no X-Trace-Id does, a
 * malformed one is ignored (never an error), and every callback of an order carries a traceparent
 * whose trace-id is the order's trace — checked where it arrives, at the test receiver.
 */
class TraceContextContractIT {
    private static final OpenApiValidationFilter STRICT = Contracts.strict(Contracts.ORDER_SPEC);
    private static final OpenApiValidationFilter CALLBACK = Contracts.strict(Contracts.CALLBACK_SPEC);
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE + "-b7ad6b7169203331-01";
    private static final String ORDER = "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"2.00\",\"currency\":\"EUR\"}";

    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of("QWIRE_CALLBACK_URL", receiver.url(),
            "QWIRE_PROCESSING_DELAY_MS", "50", "QWIRE_COMPLETION_DELAY_MS", "50"));

    private static RequestSpecification orders() {
        return given().port(platform.orderPort()).basePath("/v1").filter(STRICT);
    }

    @Test
    void aTraceparentNamesTheTraceWhenNoXTraceIdDoes() {
        orders().header("traceparent", TRACEPARENT).header("tracestate", "congo=t61rcWkgMzE")
                .queryParam("reference", java.util.UUID.randomUUID()).when().get("/order")
                .then().statusCode(404).header("X-Trace-Id", TRACE).body("traceId", equalTo(TRACE));
        given().port(platform.callbackPort()).basePath("/v1").filter(CALLBACK).header("traceparent", TRACEPARENT)
                .queryParam("reference", java.util.UUID.randomUUID()).when().get("/check")
                .then().statusCode(200).header("X-Trace-Id", TRACE);
        orders().header("traceparent", TRACEPARENT).header("X-Trace-Id", "mine-1")
                .queryParam("reference", java.util.UUID.randomUUID()).when().get("/order")
                .then().statusCode(404).header("X-Trace-Id", "mine-1");
    }

    @Test
    void aMalformedTraceparentIsIgnoredNeverRefused() {
        for (String bad : List.of("garbage", "ff-" + TRACE + "-b7ad6b7169203331-01", "00-00000000000000000000000000000000-b7ad6b7169203331-01",
                "00-" + TRACE.toUpperCase() + "-b7ad6b7169203331-01", "00-" + TRACE + "-b7ad6b7169203331-01-extra")) {
            orders().header("traceparent", bad).contentType("application/json").body(ORDER)
                    .when().post("/order").then().statusCode(201)
                    .header("X-Trace-Id", matchesPattern("[0-9a-f]{32}")).header("X-Trace-Id", not(equalTo(TRACE)));
        }
    }

    @Test
    void everyCallbackOfAnOrderCarriesItsTraceAsATraceparent() {
        String traced = orders().header("traceparent", TRACEPARENT).contentType("application/json").body(ORDER)
                .when().post("/order").then().statusCode(201).header("X-Trace-Id", TRACE).extract().path("reference");
        String named = orders().header("X-Trace-Id", "checkout-42").contentType("application/json").body(ORDER)
                .when().post("/order").then().statusCode(201).extract().path("reference");
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.receivedFor(traced).size() >= 2 && receiver.receivedFor(named).size() >= 2);

        List<String> parents = receiver.receivedFor(traced).stream().map(r -> r.header("traceparent")).toList();
        assertThat(parents).allSatisfy(p -> assertThat(p).matches("00-" + TRACE + "-[0-9a-f]{16}-01"));
        assertThat(parents).as("a parent-id of its own per attempt").doesNotHaveDuplicates();
        assertThat(receiver.receivedFor(traced)).allSatisfy(r -> assertThat(r.header("X-Trace-Id")).isEqualTo(TRACE));

        // A trace id that is not a W3C one is carried as one derived from it: the same for the order's every callback.
        List<String> derived = receiver.receivedFor(named).stream()
                .map(r -> r.header("traceparent").split("-")[1]).distinct().toList();
        assertThat(derived).singleElement().satisfies(id -> assertThat(id).matches("[0-9a-f]{32}"));
        assertThat(receiver.receivedFor(named)).allSatisfy(r -> assertThat(r.header("X-Trace-Id")).isEqualTo("checkout-42"));
    }
}
