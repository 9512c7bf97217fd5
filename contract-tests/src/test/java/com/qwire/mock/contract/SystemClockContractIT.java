package com.qwire.mock.contract;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Under the system clock (the default), the clock is readable but refuses to be moved. */
class SystemClockContractIT {
    private static final OpenApiValidationFilter STRICT = Contracts.strict(Contracts.ORDER_SPEC);
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform();

    @Test
    void theSystemClockIsReadOnly() {
        given().port(platform.orderPort()).basePath("/v1").filter(STRICT)
                .when().get("/admin/clock").then().statusCode(200).body("mode", equalTo("SYSTEM"));
        given().port(platform.orderPort()).basePath("/v1").filter(STRICT).contentType("application/json").body("{\"duration\":\"PT1S\"}")
                .when().post("/admin/clock/advance").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("CLOCK_NOT_MANUAL"));
        given().port(platform.orderPort()).basePath("/v1").filter(STRICT).contentType("application/json").body("{\"now\":\"2030-01-01T00:00:00Z\"}")
                .when().put("/admin/clock").then().statusCode(409).body("code", equalTo("CLOCK_NOT_MANUAL"));
    }
}
