package com.qwire.mock.contract;

import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** With QWIRE_METRICS_ENABLED=false neither port serves /metrics: the documented 404, as problem+json. */
class MetricsOffContractIT {
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of("QWIRE_METRICS_ENABLED", "false"));

    @Test
    void metricsTurnedOffAreNotFoundOnBothPorts() {
        given().port(platform.orderPort()).filter(Contracts.probes(Contracts.ORDER_SPEC)).header("X-Trace-Id", "metrics-off-1")
                .when().get("/metrics")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("RESOURCE_NOT_FOUND"))
                .body("traceId", equalTo("metrics-off-1"));
        given().port(platform.callbackPort()).filter(Contracts.probes(Contracts.CALLBACK_SPEC)).header("X-Trace-Id", "metrics-off-2")
                .when().get("/metrics")
                .then().statusCode(404).contentType("application/problem+json").body("code", equalTo("RESOURCE_NOT_FOUND"))
                .body("traceId", equalTo("metrics-off-2"));
        // Everything else works as ever.
        given().port(platform.orderPort()).when().get("/health/ready").then().statusCode(200);
    }
}
