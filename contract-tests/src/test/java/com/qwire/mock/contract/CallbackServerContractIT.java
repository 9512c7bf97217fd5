package com.qwire.mock.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * callback_server.yaml, both ways: what the dispatcher sends is a valid CallbackEvent, and the
 * callback server answers every documented status for it.
 */
class CallbackServerContractIT {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final OpenApiInteractionValidator CALLBACK_CONTRACT =
            OpenApiInteractionValidator.createForSpecificationUrl(Contracts.CALLBACK_SPEC.toString()).build();
    private static final OpenApiValidationFilter STRICT = Contracts.strict(Contracts.CALLBACK_SPEC);
    private static final OpenApiValidationFilter RESPONSES_ONLY = Contracts.responsesOnly(Contracts.CALLBACK_SPEC);
    private static final WebhookSignatures SIGNER = new WebhookSignatures(Config.DEFAULT_WEBHOOK_SECRET, Clock.systemUTC());
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> java.util.Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "50", "QWIRE_COMPLETION_DELAY_MS", "50"));


    /** Creates an order whose callbacks reach the test receiver and returns the first body sent. */
    private static TestReceiver.Received firstCallbackOfANewOrder() {
        String reference = given().port(platform.orderPort()).basePath("/v1").contentType("application/json")
                .body("{\"productCode\":\"SKU-PHONE-002\",\"quantity\":2,\"amount\":\"700.00\",\"currency\":\"EUR\","
                        + "\"customerId\":\"c-9\",\"metadata\":{\"k\":\"v\"},\"callbackUrl\":\"" + receiver.url() + "\"}")
                .when().post("/order").then().statusCode(201).extract().path("reference");
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.receivedFor(reference).size() >= 2);
        return receiver.receivedFor(reference).get(0);
    }

    private static RequestSpecification callbackServer(OpenApiValidationFilter filter) {
        return given().port(platform.callbackPort()).basePath("/v1").filter(filter);
    }

    private static RequestSpecification signed(RequestSpecification spec, String webhookId, long timestamp, String body) {
        return spec.contentType("application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", SIGNER.sign(webhookId, timestamp, body))
                .header("X-Callback-Attempt", "1")
                .body(body);
    }

    @Test
    void whatTheDispatcherSendsIsAValidCallbackEventRequest() {
        TestReceiver.Received sent = firstCallbackOfANewOrder();
        SimpleRequest.Builder request = SimpleRequest.Builder.post("/v1/callback")
                .withContentType("application/json")
                .withBody(sent.body());
        for (String header : new String[] {"webhook-id", "webhook-timestamp", "webhook-signature", "X-Trace-Id", "X-Callback-Attempt"}) {
            request.withHeader(header, sent.header(header));
        }
        ValidationReport report = CALLBACK_CONTRACT.validateRequest(request.build());
        assertThat(report.getMessages()).as(report.toString()).isEmpty();
    }

    @Test
    void signedCallbackIsReceivedOnceThenAcknowledgedAsDuplicateAndShownByCheck() {
        TestReceiver.Received sent = firstCallbackOfANewOrder();
        String webhookId = sent.header("webhook-id");
        long now = Clock.systemUTC().instant().getEpochSecond();
        signed(callbackServer(STRICT), webhookId, now, sent.body()).header("X-Trace-Id", "cb-contract-1")
                .when().post("/callback")
                .then().statusCode(200).header("X-Trace-Id", "cb-contract-1")
                .body("received", equalTo(true)).body("duplicate", equalTo(false));
        signed(callbackServer(STRICT), webhookId, now + 1, sent.body())
                .when().post("/callback")
                .then().statusCode(200).body("duplicate", equalTo(true));

        String reference = io.restassured.path.json.JsonPath.from(sent.body()).getString("reference");
        callbackServer(STRICT).queryParam("reference", reference)
                .when().get("/check")
                .then().statusCode(200)
                .body("received", equalTo(true)).body("count", equalTo(2)).body("events", hasSize(2))
                .body("events[0].eventId", equalTo(webhookId)).body("events[0].duplicate", equalTo(false))
                .body("events[1].duplicate", equalTo(true)).body("events[1].signatureValid", equalTo(true));
    }

    @Test
    void tamperedBodyIs401SignatureInvalid() {
        TestReceiver.Received sent = firstCallbackOfANewOrder();
        long now = Clock.systemUTC().instant().getEpochSecond();
        String signature = SIGNER.sign(sent.header("webhook-id"), now, sent.body());
        callbackServer(STRICT).contentType("application/json")
                .header("webhook-id", sent.header("webhook-id"))
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", signature)
                .body(sent.body().replace("\"700.00\"", "\"1.00\""))
                .when().post("/callback")
                .then().statusCode(401).contentType(PROBLEM_JSON).body("code", equalTo("SIGNATURE_INVALID"));
    }

    @Test
    void staleTimestampIs401SignatureExpiredEvenWhenTheSignatureMatches() {
        TestReceiver.Received sent = firstCallbackOfANewOrder();
        long tenMinutesAgo = Clock.systemUTC().instant().getEpochSecond() - 600;
        signed(callbackServer(STRICT), sent.header("webhook-id"), tenMinutesAgo, sent.body())
                .when().post("/callback")
                .then().statusCode(401).contentType(PROBLEM_JSON).body("code", equalTo("SIGNATURE_EXPIRED"));
    }

    @Test
    void invalidPayloadsAre400_413_415() {
        long now = Clock.systemUTC().instant().getEpochSecond();
        signed(callbackServer(RESPONSES_ONLY), UUID.randomUUID().toString(), now, "{\"eventId\":")
                .when().post("/callback")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("code", equalTo("MALFORMED_JSON"));
        signed(callbackServer(RESPONSES_ONLY), UUID.randomUUID().toString(), now, "{\"eventId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/callback")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("code", equalTo("VALIDATION_FAILED"));
        callbackServer(RESPONSES_ONLY).contentType("application/json").body("{}")
                .when().post("/callback")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        callbackServer(RESPONSES_ONLY).contentType("text/plain").body("hello")
                .when().post("/callback")
                .then().statusCode(415).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
        callbackServer(RESPONSES_ONLY).contentType("application/json").body("{\"x\":\"" + "y".repeat(70_000) + "\"}")
                .when().post("/callback")
                .then().statusCode(413).body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void checkAnswersForUnknownAndMalformedReferences() {
        callbackServer(STRICT).queryParam("reference", UUID.randomUUID().toString())
                .when().get("/check")
                .then().statusCode(200).body("received", equalTo(false)).body("count", equalTo(0)).body("events", hasSize(0));
        callbackServer(RESPONSES_ONLY).queryParam("reference", "nope")
                .when().get("/check")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("code", equalTo("INVALID_PARAMETER"));
        callbackServer(RESPONSES_ONLY).accept("text/html").queryParam("reference", UUID.randomUUID().toString())
                .when().get("/check")
                .then().statusCode(406).body("code", equalTo("NOT_ACCEPTABLE"));
    }
}
