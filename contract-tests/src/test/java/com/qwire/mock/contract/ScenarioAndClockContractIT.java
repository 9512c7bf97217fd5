package com.qwire.mock.contract;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * Scenarios, the manual clock and injected API faults (order_server.yaml, admin and orders): every
 * documented answer, requests and responses validated against the contract.
 */
class ScenarioAndClockContractIT {
    private static final OpenApiValidationFilter STRICT = Contracts.strict(Contracts.ORDER_SPEC);
    private static final OpenApiValidationFilter RESPONSES_ONLY = Contracts.responsesOnly(Contracts.ORDER_SPEC);
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_CLOCK", "manual", "QWIRE_CLOCK_START", "2026-06-01T12:00:00Z", "QWIRE_CALLBACK_URL", receiver.url()));

    private static RequestSpecification api(OpenApiValidationFilter filter) {
        return given().port(platform.orderPort()).basePath("/v1").filter(filter)
                .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT)));
    }

    @Test
    void scenariosAreListedAndDefinedInJsonOrYaml() {
        api(STRICT).when().get("/admin/scenarios").then().statusCode(200)
                .body("defaultScenario", equalTo("happy"))
                .body("scenarios.name", hasItems("happy", "slow", "fail", "reject", "flaky-callback", "lost-callback", "create-503", "stuck"));
        String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        api(STRICT).contentType("application/json")
                .body("{\"description\":\"json\",\"steps\":[{\"wait\":{\"uniform\":{\"min\":\"PT1S\",\"max\":\"PT2S\"}},\"to\":\"PROCESSING\","
                        + "\"callback\":{\"mode\":\"TWICE\"}},{\"wait\":{\"lognormal\":{\"median\":\"PT1S\",\"sigma\":0.3}},\"to\":\"COMPLETED\","
                        + "\"callback\":{\"delay\":\"PT5S\"}}],\"api\":{\"create\":{\"status\":429,\"probability\":0.5,\"retryAfter\":\"PT2S\"}}}")
                .when().put("/admin/scenarios/" + name)
                .then().statusCode(201).body("name", equalTo(name)).body("source", equalTo("API"))
                .body("steps[0].callback.mode", equalTo("TWICE")).body("api.create.status", equalTo(429));
        // The validator reads request bodies as JSON: for a YAML body only the answer is checked.
        api(RESPONSES_ONLY).contentType("application/yaml").body("steps:\n  - to: REJECTED\n")
                .when().put("/admin/scenarios/" + name)
                .then().statusCode(200).body("steps[0].to", equalTo("REJECTED")).body("steps[0].reason", equalTo("REJECTED_BY_RULE"));
    }

    @Test
    void aBadScenarioIsA400WithItsLine() {
        api(RESPONSES_ONLY).contentType("application/yaml").body("steps:\n  - to: COMPLETED\n")
                .when().put("/admin/scenarios/bad-one")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("INVALID_SCENARIO"))
                .body("detail", startsWith("request body:2:5: step 1 moves CREATED -> COMPLETED"))
                .body("traceId", notNullValue());
        api(RESPONSES_ONLY).contentType("application/json").body("{\"steps\":[{\"to\":\"PROCESSING\",\"colour\":\"red\"}]}")
                .when().put("/admin/scenarios/bad-one")
                .then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        api(RESPONSES_ONLY).contentType("text/plain").body("steps: []")
                .when().put("/admin/scenarios/bad-one")
                .then().statusCode(415).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void theManualClockIsReadSetAndAdvanced() {
        String now = api(STRICT).when().get("/admin/clock").then().statusCode(200).body("mode", equalTo("MANUAL")).extract().path("now");
        String later = java.time.OffsetDateTime.parse(now).toInstant().plusSeconds(60).toString();
        api(STRICT).contentType("application/json").body("{\"now\":\"" + later + "\"}")
                .when().put("/admin/clock").then().statusCode(200).body("mode", equalTo("MANUAL")).body("transitionsApplied", notNullValue());
        api(STRICT).contentType("application/json").body("{\"duration\":\"PT30S\"}")
                .when().post("/admin/clock/advance").then().statusCode(200).body("callbackAttempts", notNullValue());
        api(STRICT).contentType("application/json").body("{\"now\":\"" + java.time.OffsetDateTime.parse(now).toInstant() + "\"}")
                .when().put("/admin/clock").then().statusCode(409).contentType("application/problem+json").body("code", equalTo("CLOCK_BACKWARDS"));
        api(RESPONSES_ONLY).contentType("application/json").body("{\"duration\":\"30 seconds\"}")
                .when().post("/admin/clock/advance").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void anOrderCanChooseItsScenarioByHeaderAndAnInjectedFaultIsDocumented() {
        api(STRICT).contentType("application/json").header("X-Mock-Scenario", "stuck")
                .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}")
                .when().post("/order").then().statusCode(201).body("scenario", equalTo("stuck"));
        api(STRICT).contentType("application/json")
                .body("{\"reference\":\"" + UUID.randomUUID() + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\","
                        + "\"currency\":\"EUR\",\"scenario\":\"create-503\"}")
                .when().post("/order").then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "1").body("code", equalTo("SCENARIO_FAULT")).body("detail", containsString("create-503"));
        api(STRICT).contentType("application/json")
                .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\",\"scenario\":\"nope\"}")
                .when().post("/order").then().statusCode(422).body("code", equalTo("UNKNOWN_SCENARIO"));
    }
}
