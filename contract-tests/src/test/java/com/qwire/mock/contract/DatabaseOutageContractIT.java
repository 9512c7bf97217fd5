package com.qwire.mock.contract;

import com.qwire.mock.app.Platform;
import com.qwire.mock.testing.TcpProxy;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The database goes away for real (its TCP connections are cut): callers get a documented 503 with
 * Retry-After, the service stays live, and it recovers by itself when the database returns.
 */
class DatabaseOutageContractIT {
    private static TcpProxy proxy;
    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        proxy = new TcpProxy(TestDatabase.host(), TestDatabase.port());
        platform = TestPlatform.start(Map.of(
                "QWIRE_DB_URL", TestDatabase.urlThrough("127.0.0.1", proxy.port()),
                "QWIRE_DB_CONNECT_TIMEOUT_MS", "1000",
                "QWIRE_RETRY_AFTER_SECONDS", "3"));
    }

    @AfterAll
    static void stop() throws Exception {
        platform.close();
        proxy.close();
    }

    private static String order(UUID reference) {
        return "{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"3.00\",\"currency\":\"EUR\"}";
    }

    @Test
    void outageAnswers503WithRetryAfterAndRecoversByItself() throws Exception {
        UUID before = UUID.randomUUID();
        given().port(platform.orderPort()).basePath("/v1").filter(Contracts.strict(Contracts.ORDER_SPEC))
                .contentType("application/json").body(order(before)).when().post("/order").then().statusCode(201);

        proxy.cut();
        try {
            given().port(platform.orderPort()).basePath("/v1").filter(Contracts.strict(Contracts.ORDER_SPEC))
                    .contentType("application/json").body(order(UUID.randomUUID()))
                    .when().post("/order")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "3").body("code", equalTo("DATABASE_UNAVAILABLE"));
            given().port(platform.orderPort()).basePath("/v1").filter(Contracts.strict(Contracts.ORDER_SPEC))
                    .queryParam("reference", before.toString())
                    .when().get("/order")
                    .then().statusCode(503).header("Retry-After", "3").body("code", equalTo("DATABASE_UNAVAILABLE"));
            given().port(platform.orderPort()).filter(Contracts.probes(Contracts.ORDER_SPEC))
                    .when().get("/health/ready")
                    .then().statusCode(503).header("Retry-After", "3").body("checks.database", equalTo("DOWN"));
            given().port(platform.orderPort()).filter(Contracts.probes(Contracts.ORDER_SPEC))
                    .when().get("/health/live").then().statusCode(200);
        } finally {
            proxy.restore();
        }

        long deadline = System.nanoTime() + 30_000_000_000L;
        int status;
        do {
            Thread.sleep(250);
            Response r = given().port(platform.orderPort()).basePath("/v1").queryParam("reference", before.toString()).when().get("/order");
            status = r.statusCode();
        } while (status != 200 && System.nanoTime() < deadline);
        assertThat(status).as("recovered without a restart").isEqualTo(200);
        given().port(platform.orderPort()).basePath("/v1").filter(Contracts.strict(Contracts.ORDER_SPEC))
                .contentType("application/json").body(order(UUID.randomUUID())).when().post("/order").then().statusCode(201);
        given().port(platform.orderPort()).filter(Contracts.probes(Contracts.ORDER_SPEC))
                .when().get("/health/ready").then().statusCode(200);
    }
}
