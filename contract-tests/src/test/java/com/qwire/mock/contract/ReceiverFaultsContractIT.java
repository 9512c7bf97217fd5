package com.qwire.mock.contract;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import com.qwire.mock.testing.RunningPlatform;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Receiver-side faults of callback_server.yaml: the admin operations, and what an injected fault answers. */
class ReceiverFaultsContractIT {
    private static final OpenApiValidationFilter STRICT = Contracts.strict(Contracts.CALLBACK_SPEC);
    private static final OpenApiValidationFilter RESPONSES_ONLY = Contracts.responsesOnly(Contracts.CALLBACK_SPEC);
    private static final WebhookSignatures SIGNER = new WebhookSignatures(Config.DEFAULT_WEBHOOK_SECRET, Clock.systemUTC());

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> java.util.Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "50", "QWIRE_COMPLETION_DELAY_MS", "50", "QWIRE_CALLBACK_INITIAL_BACKOFF_MS", "100"));

    private static RequestSpecification receiverApi(OpenApiValidationFilter filter) {
        return given().port(platform.callbackPort()).basePath("/v1").filter(filter);
    }

    private static RequestSpecification orderApi() {
        return given().port(platform.orderPort()).basePath("/v1").filter(Contracts.strict(Contracts.ORDER_SPEC));
    }

    @AfterEach
    void clearFaults() {
        receiverApi(STRICT).when().delete("/admin/faults").then().statusCode(204);
    }

    /** A callback body for {@code reference}; its event id is the webhook-id to send it under. */
    private static String callbackBody(UUID reference, UUID eventId) {
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"order.status_changed\",\"reference\":\"" + reference + "\","
                + "\"status\":\"PROCESSING\",\"previousStatus\":\"CREATED\",\"sequence\":1,\"occurredAt\":\"2026-11-21T10:00:00Z\","
                + "\"order\":{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\","
                + "\"currency\":\"EUR\",\"status\":\"PROCESSING\",\"callbackUrl\":\"http://x.test/cb\",\"createdAt\":\"2026-11-21T10:00:00Z\","
                + "\"updatedAt\":\"2026-11-21T10:00:00Z\",\"history\":[{\"to\":\"CREATED\",\"at\":\"2026-11-21T10:00:00Z\",\"reason\":\"ORDER_ACCEPTED\"}]}}";
    }

    @Test
    void faultsAreAddedListedRemovedAndCleared() {
        UUID reference = UUID.randomUUID();
        String id = receiverApi(STRICT).contentType("application/json")
                .body("{\"reference\":\"" + reference + "\",\"action\":\"FAIL\",\"status\":503,\"count\":2,\"retryAfterSeconds\":3}")
                .when().post("/admin/faults")
                .then().statusCode(201).body("remaining", equalTo(2)).body("action", equalTo("FAIL"))
                .extract().path("id");
        receiverApi(STRICT).contentType("application/json").body("{\"action\":\"DELAY\",\"delayMs\":10}")
                .when().post("/admin/faults").then().statusCode(201);
        receiverApi(STRICT).when().get("/admin/faults")
                .then().statusCode(200).body("faults", hasSize(2)).body("faults[0].id", equalTo(id));
        receiverApi(STRICT).when().delete("/admin/faults/" + id).then().statusCode(204);
        receiverApi(STRICT).when().get("/admin/faults").then().statusCode(200).body("faults", hasSize(1));
        receiverApi(RESPONSES_ONLY).when().delete("/admin/faults/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("FAULT_NOT_FOUND"));
    }

    @Test
    void faultsThatDoNotMakeSenseAre400() {
        receiverApi(RESPONSES_ONLY).contentType("application/json").body("{\"action\":\"FAIL\"}")
                .when().post("/admin/faults")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("status"));
        receiverApi(RESPONSES_ONLY).contentType("application/json").body("{\"action\":\"FAIL\",\"status\":200}")
                .when().post("/admin/faults")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        receiverApi(RESPONSES_ONLY).contentType("application/json").body("{\"action\":\"EXPLODE\"}")
                .when().post("/admin/faults")
                .then().statusCode(400).body("errors[0].field", equalTo("action"));
    }

    @Test
    void anInjectedFailureAnswersItsStatusAsProblemJsonWithRetryAfter() {
        UUID reference = UUID.randomUUID();
        receiverApi(STRICT).contentType("application/json")
                .body("{\"reference\":\"" + reference + "\",\"action\":\"FAIL\",\"status\":429,\"retryAfterSeconds\":7}")
                .when().post("/admin/faults").then().statusCode(201);
        String id = UUID.randomUUID().toString();
        String body = callbackBody(reference, UUID.fromString(id));
        long now = Clock.systemUTC().instant().getEpochSecond();
        receiverApi(STRICT).contentType("application/json").header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", SIGNER.sign(id, now, body)).body(body)
                .when().post("/callback")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", "7")
                .body("code", equalTo("INJECTED_FAULT")).body("status", equalTo(429));
        receiverApi(STRICT).contentType("application/json").header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", SIGNER.sign(id, now, body)).body(body)
                .when().post("/callback")
                .then().statusCode(200).body("duplicate", equalTo(false));
        receiverApi(STRICT).queryParam("reference", reference.toString()).when().get("/check")
                .then().statusCode(200).body("count", equalTo(1));
    }

    @Test
    void aDroppedConnectionGivesTheSenderNoAnswerAtAll() {
        UUID reference = UUID.randomUUID();
        receiverApi(STRICT).contentType("application/json").body("{\"reference\":\"" + reference + "\",\"action\":\"DROP\"}")
                .when().post("/admin/faults").then().statusCode(201);
        String id = UUID.randomUUID().toString();
        String body = callbackBody(reference, UUID.fromString(id));
        long now = Clock.systemUTC().instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + platform.callbackPort() + "/v1/callback"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .header("webhook-id", id).header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", SIGNER.sign(id, now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void theDispatcherRetriesThroughInjectedFailuresUntilDelivered() {
        UUID reference = UUID.randomUUID();
        receiverApi(STRICT).contentType("application/json")
                .body("{\"reference\":\"" + reference + "\",\"action\":\"FAIL\",\"status\":503,\"count\":2}")
                .when().post("/admin/faults").then().statusCode(201);
        orderApi().contentType("application/json")
                .body("{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}")
                .when().post("/order").then().statusCode(201);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            java.util.List<String> statuses = orderApi().queryParam("reference", reference.toString()).when().get("/admin/callbacks")
                    .then().extract().jsonPath().getList("events.status", String.class);
            return statuses.size() == 2 && statuses.stream().allMatch("DELIVERED"::equals);
        });
        // "The next two deliveries for this order" may hit either of its events, whichever is sent first.
        java.util.List<Integer> answers = orderApi().queryParam("reference", reference.toString()).when().get("/admin/callbacks")
                .then().statusCode(200).body("events.status", org.hamcrest.Matchers.everyItem(equalTo("DELIVERED")))
                .extract().jsonPath().getList("events.attemptLog.flatten().responseStatus", Integer.class);
        org.assertj.core.api.Assertions.assertThat(answers).containsExactlyInAnyOrder(503, 503, 200, 200);
        receiverApi(STRICT).queryParam("reference", reference.toString()).when().get("/check")
                .then().statusCode(200).body("count", equalTo(2))
                .body("events.status", org.hamcrest.Matchers.containsInAnyOrder("PROCESSING", "COMPLETED"));
    }
}
