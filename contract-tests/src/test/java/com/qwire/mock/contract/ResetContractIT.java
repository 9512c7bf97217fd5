package com.qwire.mock.contract;

import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

/** Test isolation: POST /v1/admin/reset on both servers (mode B resets the receiver with the orders). */
class ResetContractIT {
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "50", "QWIRE_COMPLETION_DELAY_MS", "50"));

    private static String newOrder() {
        return given().port(platform.orderPort()).basePath("/v1").filter(Contracts.strict(Contracts.ORDER_SPEC))
                .contentType("application/json")
                .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}")
                .when().post("/order").then().statusCode(201).extract().path("reference");
    }

    private static int received(String reference) {
        return given().port(platform.callbackPort()).basePath("/v1").filter(Contracts.strict(Contracts.CALLBACK_SPEC))
                .queryParam("reference", reference).when().get("/check").then().statusCode(200).extract().path("count");
    }

    @Test
    void resetForgetsOrdersCallbacksAndReceiptsButKeepsTheAuditTrail() throws Exception {
        String reference = newOrder();
        await().atMost(Duration.ofSeconds(15)).until(() -> received(reference) == 2);
        given().port(platform.callbackPort()).basePath("/v1").filter(Contracts.strict(Contracts.CALLBACK_SPEC))
                .contentType("application/json").body("{\"action\":\"FAIL\",\"status\":500}")
                .when().post("/admin/faults").then().statusCode(201);

        given().port(platform.orderPort()).basePath("/v1").filter(Contracts.strict(Contracts.ORDER_SPEC))
                .when().post("/admin/reset")
                .then().statusCode(200)
                .body("orders", greaterThanOrEqualTo(1)).body("callbacks", greaterThanOrEqualTo(2)).body("receiverReset", equalTo(true));

        given().port(platform.orderPort()).basePath("/v1").filter(Contracts.strict(Contracts.ORDER_SPEC))
                .queryParam("reference", reference).when().get("/order")
                .then().statusCode(404).body("code", equalTo("ORDER_NOT_FOUND"));
        given().port(platform.orderPort()).basePath("/v1").filter(Contracts.strict(Contracts.ORDER_SPEC))
                .queryParam("reference", reference).when().get("/admin/callbacks")
                .then().statusCode(200).body("events", hasSize(0));
        assertThat(received(reference)).isZero();
        given().port(platform.callbackPort()).basePath("/v1").filter(Contracts.strict(Contracts.CALLBACK_SPEC))
                .when().get("/admin/faults").then().statusCode(200).body("faults", hasSize(0));

        Path logDir = Path.of(System.getProperty("QWIRE_LOG_DIR"));
        try (Stream<Path> files = Files.list(logDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the old receipt log is kept aside").anyMatch(n -> n.matches("callback-received\\.\\d{8}T\\d{6}\\.\\d{3}\\.log"));
        }
        String after = newOrder();
        await().atMost(Duration.ofSeconds(15)).until(() -> received(after) == 2);
    }

    @Test
    void theCallbackServerResetsOnItsOwnToo() {
        given().port(platform.callbackPort()).basePath("/v1").filter(Contracts.strict(Contracts.CALLBACK_SPEC))
                .when().post("/admin/reset").then().statusCode(204);
    }
}
