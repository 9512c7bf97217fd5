package com.qwire.mock.contract;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

/** The admin operations of order_server.yaml and every status they document. */
class AdminApiContractIT {
    private static final OpenApiValidationFilter STRICT = Contracts.strict(Contracts.ORDER_SPEC);
    private static final OpenApiValidationFilter RESPONSES_ONLY = Contracts.responsesOnly(Contracts.ORDER_SPEC);
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    // A failed attempt waits a minute for its retry: long enough to find the event still PENDING.
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "50", "QWIRE_COMPLETION_DELAY_MS", "50",
            "QWIRE_CALLBACK_INITIAL_BACKOFF_MS", "60000", "QWIRE_CALLBACK_MAX_BACKOFF_MS", "60000"));


    private static RequestSpecification admin(OpenApiValidationFilter filter) {
        return given().port(platform.orderPort()).basePath("/v1").filter(filter);
    }

    private static String orderWithCallbacksTo(String url) {
        return admin(STRICT).contentType("application/json")
                .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"2.00\",\"currency\":\"EUR\",\"callbackUrl\":\"" + url + "\"}")
                .when().post("/order").then().statusCode(201).extract().path("reference");
    }

    private static String status(String reference, int index) {
        return admin(STRICT).queryParam("reference", reference).when().get("/admin/callbacks")
                .then().statusCode(200).extract().path("events[" + index + "].status");
    }

    @Test
    void journalListsEventsWithTheirAttemptsAndFiltersByStatus() {
        String reference = orderWithCallbacksTo(receiver.url());
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            java.util.List<String> statuses = admin(STRICT).queryParam("reference", reference).when().get("/admin/callbacks")
                    .then().extract().jsonPath().getList("events.status", String.class);
            return statuses.size() == 2 && statuses.stream().allMatch("DELIVERED"::equals);
        });
        admin(STRICT).queryParam("reference", reference)
                .when().get("/admin/callbacks")
                .then().statusCode(200)
                .body("events", hasSize(2))
                .body("events.orderStatus", org.hamcrest.Matchers.contains("COMPLETED", "PROCESSING"))
                .body("events.attemptLog.flatten().outcome", everyItem(equalTo("DELIVERED")));
        admin(STRICT).queryParam("status", "DELIVERED")
                .when().get("/admin/callbacks")
                .then().statusCode(200).body("events.size()", greaterThanOrEqualTo(2))
                .body("events.status", everyItem(equalTo("DELIVERED")));
    }

    @Test
    void badFiltersAre400() {
        admin(RESPONSES_ONLY).queryParam("status", "LOST")
                .when().get("/admin/callbacks")
                .then().statusCode(400).body("code", equalTo("INVALID_PARAMETER")).body("errors[0].field", equalTo("status"));
        admin(RESPONSES_ONLY).queryParam("reference", "x")
                .when().get("/admin/callbacks")
                .then().statusCode(400).body("code", equalTo("INVALID_PARAMETER"));
    }

    @Test
    void redeliveryIs202ForADeliveredEvent404ForAnUnknownOneAnd409WhileStillPending() {
        String delivered = orderWithCallbacksTo(receiver.url());
        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(status(delivered, 0)));
        String eventId = admin(STRICT).queryParam("reference", delivered).when().get("/admin/callbacks")
                .then().extract().path("events[0].eventId");
        admin(STRICT).when().post("/admin/callbacks/" + eventId + "/redeliver")
                .then().statusCode(202).body("eventId", equalTo(eventId)).body("status", equalTo("PENDING"));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().stream()
                .filter(r -> r.header("webhook-id").equals(eventId)).count() == 2);

        admin(RESPONSES_ONLY).when().post("/admin/callbacks/" + UUID.randomUUID() + "/redeliver")
                .then().statusCode(404).body("code", equalTo("CALLBACK_NOT_FOUND"));

        String pending = orderWithCallbacksTo("http://127.0.0.1:9/unreachable");
        await().atMost(Duration.ofSeconds(15)).until(() -> "PENDING".equals(status(pending, 0))
                && admin(STRICT).queryParam("reference", pending).when().get("/admin/callbacks").then().extract()
                .jsonPath().getInt("events[0].attempts") >= 1);
        String pendingEvent = admin(STRICT).queryParam("reference", pending).when().get("/admin/callbacks")
                .then().extract().path("events[0].eventId");
        admin(RESPONSES_ONLY).when().post("/admin/callbacks/" + pendingEvent + "/redeliver")
                .then().statusCode(409).body("code", equalTo("CALLBACK_ALREADY_SCHEDULED"));
    }

    /** Issue 10: on the system clock any move is 409, however far (a huge duration was a 500). */
    @Test
    void aHugeAdvanceOnTheSystemClockIs409NotManual() {
        admin(STRICT).contentType("application/json").body("{\"duration\":\"P999999999999D\"}")
                .when().post("/admin/clock/advance")
                .then().statusCode(409).body("code", equalTo("CLOCK_NOT_MANUAL"));
    }
}
