package com.qwire.mock.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.qwire.mock.client.callback.ApiClient;
import com.qwire.mock.client.callback.ApiException;
import com.qwire.mock.client.callback.api.AdminApi;
import com.qwire.mock.client.callback.api.CallbacksApi;
import com.qwire.mock.client.callback.api.HealthApi;
import com.qwire.mock.client.callback.model.CallbackAck;
import com.qwire.mock.client.callback.model.CallbackEvent;
import com.qwire.mock.client.callback.model.CheckResult;
import com.qwire.mock.client.callback.model.CheckStatus;
import com.qwire.mock.client.callback.model.Fault;
import com.qwire.mock.client.callback.model.FaultAction;
import com.qwire.mock.client.callback.model.FaultRequest;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The callback server driven through its generated client, every operation of callback_server.yaml,
 * a success and a documented error each: what a team does that signs and sends its own callbacks,
 * checks what arrived, and scripts receiver faults.
 */
class CallbackClientConsumerIT {
    private static final String BAD_TRACE_ID = "not a trace id!";
    private static final WebhookSignatures SIGNER = new WebhookSignatures(Config.DEFAULT_WEBHOOK_SECRET, Clock.systemUTC());
    private static final OperationLog calls = new OperationLog(Contracts.CALLBACK_SPEC);
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "50", "QWIRE_COMPLETION_DELAY_MS", "50", "QWIRE_CALLBACK_URL", receiver.url()));
    private static ApiClient api;
    private static CallbacksApi callbacks;
    private static AdminApi admin;
    private static HealthApi health;

    @BeforeAll
    static void connect() {
        api = new ApiClient();
        api.updateBaseUri("http://127.0.0.1:" + platform.callbackPort() + "/v1");
        api.setResponseInterceptor(calls::record);
        callbacks = new CallbacksApi(api);
        admin = new AdminApi(api);
        ApiClient root = new ApiClient();
        root.updateBaseUri("http://127.0.0.1:" + platform.callbackPort());
        root.setResponseInterceptor(calls::record);
        health = new HealthApi(root);
    }

    @AfterAll
    static void everyOperationWasCalledBothWays() {
        calls.assertEveryOperationAnsweredBothWays();
    }

    private static ApiException refused(OperationLog.ClientCall call) {
        return OperationLog.refused(ApiException.class, call);
    }

    /** A callback the platform really sent (to the test receiver), read into the client's model. */
    private static CallbackEvent aRealCallback() throws JsonProcessingException {
        String reference = given().port(platform.orderPort()).basePath("/v1").contentType("application/json")
                .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}")
                .post("/order").then().statusCode(201).extract().path("reference");
        await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.receivedFor(reference).isEmpty());
        return api.getObjectMapper().readValue(receiver.receivedFor(reference).get(0).body(), CallbackEvent.class);
    }

    /** Signs exactly the bytes the client will send: its own serialization of the event. */
    private static CallbackAck send(CallbackEvent event, String webhookId, boolean validSignature) throws Exception {
        long now = Instant.now().getEpochSecond();
        String body = new String(api.getObjectMapper().writeValueAsBytes(event), java.nio.charset.StandardCharsets.UTF_8);
        String signature = validSignature ? SIGNER.sign(webhookId, now, body) : "v1,AAAA";
        return callbacks.receiveCallback(CallbacksApi.APIReceiveCallbackRequest.newBuilder().webhookId(webhookId)
                .webhookTimestamp(Long.toString(now)).webhookSignature(signature).callbackEvent(event).xCallbackAttempt(1).build());
    }

    @Test
    void aCallbackSentThroughTheClientIsCheckedThroughIt() throws Exception {
        CallbackEvent event = aRealCallback();
        String webhookId = event.getEventId().toString();
        assertThat(send(event, webhookId, true).getDuplicate()).isFalse();
        assertThat(send(event, webhookId, true).getDuplicate()).as("the same webhook-id again").isTrue();
        CallbackEvent another = api.getObjectMapper().readValue(api.getObjectMapper().writeValueAsBytes(event), CallbackEvent.class)
                .eventId(UUID.randomUUID());
        ApiException unsigned = refused(() -> send(another, another.getEventId().toString(), false));
        assertThat(unsigned.getCode()).isEqualTo(401);
        assertThat(unsigned.getResponseBody()).contains("\"code\":\"SIGNATURE_INVALID\"");
        ApiException mismatched = refused(() -> send(another, UUID.randomUUID().toString(), true));
        assertThat(mismatched.getCode()).as("signed, but the webhook-id is not the event's").isEqualTo(400);
        assertThat(mismatched.getResponseBody()).contains("\"field\":\"webhook-id\"");

        CheckResult check = callbacks.checkCallbacks(event.getReference());
        assertThat(check.getReceived()).isTrue();
        assertThat(check.getCount()).as("ours twice and the unsigned one; the mismatched one is refused unrecorded (the platform delivered to the test receiver)").isEqualTo(3);
        assertThat(check.getEvents()).extracting(e -> e.getDuplicate()).containsExactly(false, true, false);
        assertThat(check.getOmitted()).isNull();
        assertThat(refused(() -> callbacks.checkCallbacks(event.getReference(), Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
    }

    @Test
    void faultsAreScriptedListedAndRemovedThroughTheClient() throws ApiException {
        UUID reference = UUID.randomUUID();
        Fault fault = admin.addFault(new FaultRequest().reference(reference).action(FaultAction.FAIL).status(503).count(2), null);
        assertThat(fault.getRemaining()).isEqualTo(2);
        assertThat(admin.listFaults().getFaults()).extracting(Fault::getId).contains(fault.getId());
        ApiException noStatus = refused(() -> admin.addFault(new FaultRequest().action(FaultAction.FAIL).count(1), null));
        assertThat(noStatus.getCode()).isEqualTo(400);
        assertThat(noStatus.getResponseBody()).contains("\"field\":\"status\"");

        admin.removeFault(fault.getId(), null);
        assertThat(refused(() -> admin.removeFault(fault.getId(), null)).getCode()).as("already gone").isEqualTo(404);
        admin.addFault(new FaultRequest().action(FaultAction.DROP).count(1), null);
        admin.clearFaults();
        assertThat(admin.listFaults().getFaults()).isEmpty();
        assertThat(refused(() -> admin.listFaults(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        assertThat(refused(() -> admin.clearFaults(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
    }

    @Test
    void probesAndResetThroughTheClient() throws ApiException {
        assertThat(health.getLiveness().getStatus()).isEqualTo(CheckStatus.UP);
        assertThat(health.getReadiness().getStatus()).isEqualTo(CheckStatus.UP);
        assertThat(refused(() -> health.getLiveness(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        assertThat(refused(() -> health.getReadiness(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        assertThat(health.getMetrics()).contains("qwire_build_info{").contains("qwire_callbacks_received_total");
        assertThat(refused(() -> health.getMetrics(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        assertThat(refused(() -> admin.resetReceiver(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        admin.resetReceiver();
    }
}
