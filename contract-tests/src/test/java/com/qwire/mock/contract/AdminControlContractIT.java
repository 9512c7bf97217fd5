package com.qwire.mock.contract;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestReceiver;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Moving orders and products by hand (order_server.yaml, admin): every documented status. Orders here
 * stay CREATED for a minute unless moved, so the manual moves are deterministic.
 */
class AdminControlContractIT {
    private static final OpenApiValidationFilter STRICT = Contracts.strict(Contracts.ORDER_SPEC);
    private static final OpenApiValidationFilter RESPONSES_ONLY = Contracts.responsesOnly(Contracts.ORDER_SPEC);
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "60000", "QWIRE_COMPLETION_DELAY_MS", "100", "QWIRE_PRODUCT_CACHE_TTL_MS", "60000"));


    private static RequestSpecification api(OpenApiValidationFilter filter) {
        return given().port(platform.orderPort()).basePath("/v1").filter(filter);
    }

    private static String newOrder(String product) {
        return api(STRICT).contentType("application/json")
                .body("{\"productCode\":\"" + product + "\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\",\"callbackUrl\":\"" + receiver.url() + "\"}")
                .when().post("/order").then().statusCode(201).extract().path("reference");
    }

    @Test
    void aManualCancelIsRecordedAndReportedByCallback() {
        String reference = newOrder("SKU-BOOK-001");
        api(STRICT).contentType("application/json").body("{\"to\":\"CANCELLED\",\"reason\":\"CANCELLED_BY_SUPPORT\"}")
                .when().post("/admin/orders/" + reference + "/transition")
                .then().statusCode(200)
                .body("status", equalTo("CANCELLED"))
                .body("history.to", contains("CREATED", "CANCELLED"))
                .body("history[1].reason", equalTo("CANCELLED_BY_SUPPORT"))
                .body("callback.sequence", equalTo(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.receivedFor(reference).size() == 1);
        api(STRICT).contentType("application/json").body("{\"to\":\"PROCESSING\"}")
                .when().post("/admin/orders/" + reference + "/transition")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("ILLEGAL_TRANSITION"));
    }

    @Test
    void aManualStartCarriesOnAlongTheTimeline() {
        String reference = newOrder("SKU-BOOK-001");
        api(STRICT).contentType("application/json").body("{\"to\":\"PROCESSING\"}")
                .when().post("/admin/orders/" + reference + "/transition")
                .then().statusCode(200).body("status", equalTo("PROCESSING")).body("history[1].reason", equalTo("MANUAL"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "COMPLETED".equals(api(STRICT).queryParam("reference", reference)
                .when().get("/order").then().extract().path("status")));
        api(STRICT).queryParam("reference", reference).when().get("/order")
                .then().statusCode(200).body("history", hasSize(3)).body("history[2].reason", equalTo("PROCESSING_SUCCEEDED"));
    }

    @Test
    void unknownOrdersAndBadRequestsAreRefused() {
        api(RESPONSES_ONLY).contentType("application/json").body("{\"to\":\"CANCELLED\"}")
                .when().post("/admin/orders/" + UUID.randomUUID() + "/transition")
                .then().statusCode(404).body("code", equalTo("ORDER_NOT_FOUND"));
        String reference = newOrder("SKU-BOOK-001");
        api(RESPONSES_ONLY).contentType("application/json").body("{\"to\":\"SHIPPED\"}")
                .when().post("/admin/orders/" + reference + "/transition")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("to"));
        api(RESPONSES_ONLY).contentType("application/json").body("{\"to\":\"CANCELLED\",\"reason\":\"lower case\"}")
                .when().post("/admin/orders/" + reference + "/transition")
                .then().statusCode(400).body("errors[0].field", equalTo("reason"));
    }

    @Test
    void productStatusFollowsItsStateMachineAndNewOrdersSeeItAtOnce() throws Exception {
        // SKU-DESK-006 is used only here and by AdminGuardContractIT. DISCONTINUED is terminal, so each test arranges its start itself.
        try (var c = java.sql.DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
             var reset = c.prepareStatement("UPDATE products SET status = 'ACTIVE' WHERE code = 'SKU-DESK-006'")) {
            reset.executeUpdate();
        }
        api(STRICT).contentType("application/json").body("{\"status\":\"OUT_OF_STOCK\"}")
                .when().put("/admin/products/SKU-DESK-006/status")
                .then().statusCode(200).body("code", equalTo("SKU-DESK-006")).body("status", equalTo("OUT_OF_STOCK"));
        api(STRICT).contentType("application/json").body("{\"status\":\"DISCONTINUED\"}")
                .when().put("/admin/products/SKU-DESK-006/status").then().statusCode(200);
        api(STRICT).contentType("application/json")
                .body("{\"productCode\":\"SKU-DESK-006\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}")
                .when().post("/order").then().statusCode(422).body("code", equalTo("PRODUCT_NOT_ORDERABLE"));
        api(STRICT).contentType("application/json").body("{\"status\":\"ACTIVE\"}")
                .when().put("/admin/products/SKU-DESK-006/status")
                .then().statusCode(409).contentType("application/problem+json").body("code", equalTo("ILLEGAL_TRANSITION"));
        api(RESPONSES_ONLY).contentType("application/json").body("{\"status\":\"ACTIVE\"}")
                .when().put("/admin/products/SKU-NONE-404/status")
                .then().statusCode(404).body("code", equalTo("UNKNOWN_PRODUCT"));
        api(RESPONSES_ONLY).contentType("application/json").body("{\"status\":\"ACTIVE\"}")
                .when().put("/admin/products/lower/status")
                .then().statusCode(400).body("errors[0].field", equalTo("code"));
    }
}
