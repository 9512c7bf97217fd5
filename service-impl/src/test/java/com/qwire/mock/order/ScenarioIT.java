package com.qwire.mock.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.app.Mode;
import com.qwire.mock.app.Platform;
import com.qwire.mock.order.domain.InvalidScenarioException;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.ServiceProcess;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scenarios end to end on MariaDB, under a manual clock so every lifecycle runs without sleeping:
 * built-ins, selection (field, header, rules, default), callback behaviour (skip, twice, late), API
 * faults, files from a folder, uploads, and the start-up failure of a malformed file.
 */
class ScenarioIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_CLOCK", "manual",
            "QWIRE_SCENARIO_DIR", scenarioFolder().toString(),
            "QWIRE_SCENARIO_RULES", scenarioFolder().resolve("rules.yaml").toString(),
            "QWIRE_CALLBACK_URL", receiver.url()));

    private static Path folder;

    private static synchronized Path scenarioFolder() {
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("qwire-scenarios");
                Files.writeString(folder.resolve("quick-fail.yaml"), """
                        description: Fails straight away.
                        steps:
                          - to: FAILED
                            reason: NO_CAPACITY
                        """);
                // A file replaces the built-in of the same name.
                Files.writeString(folder.resolve("slow.yml"), """
                        description: Our own slow.
                        steps:
                          - wait: { fixed: PT30S }
                            to: PROCESSING
                          - wait: { fixed: PT30S }
                            to: COMPLETED
                        """);
                Files.writeString(folder.resolve("rules.yaml"), """
                        rules:
                          - scenario: fail
                            productCode: SKU-PHONE-002
                          - scenario: reject
                            amount: { min: 5000.00 }
                          - scenario: stuck
                            metadata: { key: qa-case, value: stuck }
                        """);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + platform.orderPort() + "/v1" + path;
    }

    private static HttpResponse<String> create(String fields, String... headers) {
        return Http.request("POST", url("/order"), "application/json",
                "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\"" + fields + "}", headers);
    }

    private static String created(String fields, String... headers) {
        HttpResponse<String> response = create(fields, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("reference").asText();
    }

    private static JsonNode order(String reference) {
        return json(Http.get(url("/order?reference=" + reference)));
    }

    private static void advance(String duration) {
        HttpResponse<String> moved = Http.request("POST", url("/admin/clock/advance"), "application/json", "{\"duration\":\"" + duration + "\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    }

    private static List<String> historyOf(String reference) {
        List<String> steps = new java.util.ArrayList<>();
        order(reference).get("history").forEach(h -> steps.add(h.get("to").asText() + ":" + h.get("reason").asText()));
        return steps;
    }

    private static List<String> callbacksFor(String reference) {
        return receiver.receivedFor(reference).stream().map(r -> {
            try {
                return JSON.readTree(r.body()).get("status").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @BeforeEach
    void isolate() {
        assertThat(Http.request("POST", url("/admin/reset"), null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void builtInLifecyclesEndWhereTheySay() {
        String happy = created("");
        String fail = created(",\"scenario\":\"fail\"");
        String reject = created(",\"scenario\":\"reject\"");
        String stuck = created(",\"scenario\":\"stuck\"");
        String quickFail = created(",\"scenario\":\"quick-fail\"");

        advance("PT1M");

        assertThat(order(happy).get("scenario").asText()).isEqualTo("happy");
        assertThat(historyOf(happy)).containsExactly("CREATED:ORDER_ACCEPTED", "PROCESSING:PROCESSING_STARTED", "COMPLETED:PROCESSING_SUCCEEDED");
        assertThat(historyOf(fail)).containsExactly("CREATED:ORDER_ACCEPTED", "PROCESSING:PROCESSING_STARTED", "FAILED:PAYMENT_DECLINED");
        assertThat(historyOf(reject)).containsExactly("CREATED:ORDER_ACCEPTED", "REJECTED:RISK_CHECK_FAILED");
        assertThat(historyOf(stuck)).containsExactly("CREATED:ORDER_ACCEPTED");
        assertThat(historyOf(quickFail)).containsExactly("CREATED:ORDER_ACCEPTED", "FAILED:NO_CAPACITY");
        assertThat(callbacksFor(fail)).containsExactly("PROCESSING", "FAILED");
        assertThat(callbacksFor(stuck)).isEmpty();
    }

    @Test
    void flakyCallbackDeliversProcessingTwiceWithOneEventIdAndCompletedTenSecondsLate() {
        String reference = created("", "X-Mock-Scenario", "flaky-callback");
        assertThat(order(reference).get("scenario").asText()).isEqualTo("flaky-callback");

        advance("PT1S");
        assertThat(order(reference).get("status").asText()).isEqualTo("COMPLETED");
        assertThat(callbacksFor(reference)).containsExactly("PROCESSING", "PROCESSING");
        List<TestReceiver.Received> twice = receiver.receivedFor(reference);
        assertThat(twice.get(0).header("webhook-id")).isEqualTo(twice.get(1).header("webhook-id"));
        assertThat(twice.get(0).body()).isEqualTo(twice.get(1).body());

        advance("PT9.6S");
        assertThat(callbacksFor(reference)).hasSize(2);
        advance("PT0.1S");
        assertThat(callbacksFor(reference)).containsExactly("PROCESSING", "PROCESSING", "COMPLETED");
    }

    @Test
    void lostCallbackNeverSendsProcessing() {
        String reference = created(",\"scenario\":\"lost-callback\"");
        advance("PT1M");
        assertThat(historyOf(reference)).extracting(s -> s.split(":")[0]).containsExactly("CREATED", "PROCESSING", "COMPLETED");
        assertThat(callbacksFor(reference)).containsExactly("COMPLETED");
        JsonNode journal = json(Http.get(url("/admin/callbacks?reference=" + reference))).get("events");
        assertThat(journal).singleElement().satisfies(e -> assertThat(e.get("sequence").asInt()).isEqualTo(2));
    }

    @Test
    void create503FailsTheFirstAttemptOfAReferenceAndServesTheRetry() {
        String reference = UUID.randomUUID().toString();
        HttpResponse<String> first = create(",\"reference\":\"" + reference + "\",\"scenario\":\"create-503\"", "X-Trace-Id", "trace-503");
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).contains("1");
        assertThat(first.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(first).get("code").asText()).isEqualTo("SCENARIO_FAULT");
        assertThat(json(first).get("traceId").asText()).isEqualTo("trace-503");
        assertThat(json(first).get("detail").asText()).contains("create-503").contains("request 1 of the first 1");
        assertThat(Http.get(url("/order?reference=" + reference)).statusCode()).isEqualTo(404);

        HttpResponse<String> retry = create(",\"reference\":\"" + reference + "\",\"scenario\":\"create-503\"");
        assertThat(retry.statusCode()).isEqualTo(201);
        HttpResponse<String> replay = create(",\"reference\":\"" + reference + "\",\"scenario\":\"create-503\"");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
    }

    private static String createdFor(String product, String amount, String extra, String... headers) {
        HttpResponse<String> response = Http.request("POST", url("/order"), "application/json", "{\"productCode\":\"" + product
                + "\",\"quantity\":1,\"amount\":\"" + amount + "\",\"currency\":\"EUR\"" + extra + "}", headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("reference").asText();
    }

    @Test
    void rulesChooseByProductAmountAndMetadataAndTheDefaultCatchesTheRest() {
        assertThat(order(createdFor("SKU-PHONE-002", "9.99", "")).get("scenario").asText()).isEqualTo("fail");
        assertThat(order(createdFor("SKU-MUG-005", "5000.00", "")).get("scenario").asText()).isEqualTo("reject");
        assertThat(order(createdFor("SKU-MUG-005", "4999.99", "")).get("scenario").asText()).isEqualTo("happy");
        assertThat(order(createdFor("SKU-MUG-005", "9.99", ",\"metadata\":{\"qa-case\":\"stuck\"}")).get("scenario").asText()).isEqualTo("stuck");
        assertThat(order(createdFor("SKU-MUG-005", "9.99", ",\"metadata\":{\"qa-case\":\"other\"}")).get("scenario").asText()).isEqualTo("happy");
        // The header beats the rules, and the body's field beats the header.
        assertThat(order(createdFor("SKU-PHONE-002", "9.99", "", "X-Mock-Scenario", "stuck")).get("scenario").asText()).isEqualTo("stuck");
        assertThat(order(createdFor("SKU-PHONE-002", "9.99", ",\"scenario\":\"reject\"", "X-Mock-Scenario", "stuck")).get("scenario").asText())
                .isEqualTo("reject");
    }

    @Test
    void anUnknownScenarioIsA422NamingTheKnownOnes() {
        HttpResponse<String> byField = create(",\"scenario\":\"no-such\"");
        assertThat(byField.statusCode()).isEqualTo(422);
        assertThat(json(byField).get("code").asText()).isEqualTo("UNKNOWN_SCENARIO");
        assertThat(json(byField).get("detail").asText()).contains("'no-such'").contains("happy").contains("quick-fail");
        assertThat(create("", "X-Mock-Scenario", "no-such").statusCode()).isEqualTo(422);
        assertThat(create("", "X-Mock-Scenario", "Not A Name").statusCode()).isEqualTo(400);
    }

    @Test
    void listShowsBuiltInsFilesAndTheDefault() {
        JsonNode list = json(Http.get(url("/admin/scenarios")));
        assertThat(list.get("defaultScenario").asText()).isEqualTo("happy");
        Map<String, String> sources = new java.util.TreeMap<>();
        list.get("scenarios").forEach(s -> sources.put(s.get("name").asText(), s.get("source").asText()));
        assertThat(sources).containsEntry("happy", "BUILT_IN").containsEntry("flaky-callback", "BUILT_IN")
                .containsEntry("slow", "FILE").containsEntry("quick-fail", "FILE").doesNotContainKey("rules");
    }

    @Test
    void anUploadedScenarioDrivesOrdersAndInjectsItsFaults() {
        String definition = """
                {"description": "Reads fail",
                 "steps": [{"to": "PROCESSING", "wait": {"fixed": "PT5S"}}],
                 "api": {"get": {"status": 500, "probability": 1}}}""";
        HttpResponse<String> put = Http.request("PUT", url("/admin/scenarios/broken-reads"), "application/json", definition);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(json(put).get("source").asText()).isEqualTo("API");
        assertThat(Http.request("PUT", url("/admin/scenarios/broken-reads"), "application/json", definition).statusCode()).isEqualTo(200);

        String reference = created(",\"scenario\":\"broken-reads\"");
        HttpResponse<String> read = Http.get(url("/order?reference=" + reference));
        assertThat(read.statusCode()).isEqualTo(500);
        assertThat(json(read).get("code").asText()).isEqualTo("SCENARIO_FAULT");

        HttpResponse<String> yaml = Http.request("PUT", url("/admin/scenarios/yaml-one"), "application/yaml", """
                steps:
                  - wait: { fixed: PT1S }
                    to: REJECTED
                """);
        assertThat(yaml.statusCode()).as(yaml.body()).isEqualTo(201);
        String rejected = created("", "X-Mock-Scenario", "yaml-one");
        advance("PT1S");
        assertThat(order(rejected).get("status").asText()).isEqualTo("REJECTED");
    }

    @Test
    void aBadUploadIsA400NamingLineAndProblem() {
        HttpResponse<String> illegal = Http.request("PUT", url("/admin/scenarios/bad"), "application/yaml", """
                steps:
                  - to: PROCESSING
                  - to: REJECTED
                """);
        assertThat(illegal.statusCode()).isEqualTo(400);
        assertThat(json(illegal).get("code").asText()).isEqualTo("INVALID_SCENARIO");
        assertThat(json(illegal).get("detail").asText())
                .isEqualTo("request body:3:5: step 2 moves PROCESSING -> REJECTED, which the order state machine does not allow");
        assertThat(json(illegal).get("errors").get(0).get("field").asText()).isEqualTo("steps[1].to");

        HttpResponse<String> syntax = Http.request("PUT", url("/admin/scenarios/bad"), "application/yaml", "steps: [ {to: PROCESSING\n");
        assertThat(syntax.statusCode()).isEqualTo(400);
        assertThat(json(syntax).get("code").asText()).isEqualTo("INVALID_SCENARIO");
        assertThat(json(syntax).get("detail").asText()).startsWith("request body:2:");

        HttpResponse<String> mismatch = Http.request("PUT", url("/admin/scenarios/bad"), "application/json", "{\"name\":\"other\",\"steps\":[]}");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(json(mismatch).get("detail").asText()).contains("name 'other' differs from 'bad' (the name in the path)");
        assertThat(json(Http.get(url("/admin/scenarios"))).get("scenarios").toString()).doesNotContain("\"bad\"");
    }

    @Test
    void aMalformedFileStopsStartUpWithFileLineAndProblem() throws Exception {
        Path dir = Files.createTempDirectory("qwire-bad-scenarios");
        Path bad = dir.resolve("broken.yaml");
        Files.writeString(bad, """
                steps:
                  - to: PROCESSING
                    wait: { fixed: soon }
                """);
        assertThatThrownBy(() -> Platform.start(TestPlatform.config(Map.of("QWIRE_SCENARIO_DIR", dir.toString())), Mode.ALL, e -> { }))
                .isInstanceOf(InvalidScenarioException.class)
                .hasMessage(bad + ":3:20: 'soon' is not an ISO-8601 duration (e.g. PT30S, PT1.5S, PT2M)");

        Path output = dir.resolve("out.log");
        try (ServiceProcess process = ServiceProcess.start("all", Map.of(
                "QWIRE_DB_URL", TestDatabase.url(),
                "QWIRE_ORDER_PORT", Integer.toString(TestPlatform.freePort()),
                "QWIRE_CALLBACK_PORT", Integer.toString(TestPlatform.freePort()),
                "QWIRE_LOG_DIR", dir.resolve("logs").toString(),
                "QWIRE_SCENARIO_DIR", dir.toString()), output)) {
            assertThat(process.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.process().exitValue()).isEqualTo(2);
            assertThat(process.output()).contains("Start-up failed: scenario configuration: " + bad + ":3:20: 'soon' is not an ISO-8601 duration")
                    .doesNotContain("\tat com.qwire");
        }
    }
}
