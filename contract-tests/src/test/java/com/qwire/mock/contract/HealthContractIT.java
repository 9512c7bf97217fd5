package com.qwire.mock.contract;

import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

class HealthContractIT {
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform();

    @Test
    void orderServiceIsLiveAndReadyWithDatabaseAndMigrationsUp() {
        given().port(platform.orderPort()).filter(Contracts.probes(Contracts.ORDER_SPEC))
                .when().get("/health/live")
                .then().statusCode(200).header("X-Trace-Id", matchesPattern("[0-9a-f]{32}")).body("status", equalTo("UP"));
        given().port(platform.orderPort()).filter(Contracts.probes(Contracts.ORDER_SPEC))
                .when().get("/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.database", equalTo("UP")).body("checks.migrations", equalTo("UP"));
    }

    @Test
    void callbackServerIsLiveAndReady() {
        given().port(platform.callbackPort()).filter(Contracts.probes(Contracts.CALLBACK_SPEC)).header("X-Trace-Id", "probe-1")
                .when().get("/health/live")
                .then().statusCode(200).header("X-Trace-Id", equalTo("probe-1")).body("status", equalTo("UP"));
        given().port(platform.callbackPort()).filter(Contracts.probes(Contracts.CALLBACK_SPEC))
                .when().get("/health/ready")
                .then().statusCode(200).body("checks.receiptLog", equalTo("UP"));
    }
}
