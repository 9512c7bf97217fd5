package com.qwire.mock.contract;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.client.order.ApiClient;
import com.qwire.mock.client.order.ApiException;
import com.qwire.mock.client.order.api.AdminApi;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestDatabase;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * With QWIRE_ADMIN_TOKEN set: every admin operation of both contracts refuses a request without the
 * token (or with a wrong one) with 401 ADMIN_TOKEN_REQUIRED and a challenge, and works with it; every
 * other operation stays open; an order cannot reach the admin API through its callback URL.
 */
class AdminGuardContractIT {
    private static final String TOKEN = "guard-" + UUID.randomUUID();
    private static final OpenApiValidationFilter ORDER = Contracts.strict(Contracts.ORDER_SPEC);
    private static final OpenApiValidationFilter ORDER_RESPONSES = Contracts.responsesOnly(Contracts.ORDER_SPEC);
    private static final OpenApiValidationFilter CALLBACK = Contracts.strict(Contracts.CALLBACK_SPEC);
    private static final OpenApiValidationFilter CALLBACK_RESPONSES = Contracts.responsesOnly(Contracts.CALLBACK_SPEC);
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of("QWIRE_ADMIN_TOKEN", TOKEN));

    /** One request per admin operation: the operation, its service, and how to send it with a given request. */
    private record Call(String operation, boolean order, String method, String path, String contentType, String body, int success) {
        Response send(RequestSpecification request) {
            if (contentType != null) {
                request = request.contentType(contentType).body(body);
            }
            return request.request(method, path);
        }
    }

    private static final List<Call> CALLS = List.of(
            new Call("order:listCallbacks", true, "GET", "/admin/callbacks", null, null, 200),
            new Call("order:listOrders", true, "GET", "/admin/orders", null, null, 200),
            new Call("order:getSummary", true, "GET", "/admin/summary", null, null, 200),
            new Call("order:redeliverCallback", true, "POST", "/admin/callbacks/" + UUID.randomUUID() + "/redeliver", null, null, 404),
            new Call("order:transitionOrder", true, "POST", "/admin/orders/" + UUID.randomUUID() + "/transition", "application/json",
                    "{\"to\":\"CANCELLED\"}", 404),
            new Call("order:setProductStatus", true, "PUT", "/admin/products/SKU-DESK-006/status", "application/json",
                    "{\"status\":\"OUT_OF_STOCK\"}", 200),
            new Call("order:resetOrders", true, "POST", "/admin/reset", null, null, 200),
            new Call("order:listScenarios", true, "GET", "/admin/scenarios", null, null, 200),
            new Call("order:putScenario", true, "PUT", "/admin/scenarios/guarded", "application/yaml",
                    "steps:\n  - to: PROCESSING\n  - to: COMPLETED\n", 201),
            new Call("order:getClock", true, "GET", "/admin/clock", null, null, 200),
            new Call("order:setClock", true, "PUT", "/admin/clock", "application/json", "{\"now\":\"2030-01-01T00:00:00Z\"}", 409),
            new Call("order:advanceClock", true, "POST", "/admin/clock/advance", "application/json", "{\"duration\":\"PT1S\"}", 409),
            new Call("callback:listFaults", false, "GET", "/admin/faults", null, null, 200),
            new Call("callback:addFault", false, "POST", "/admin/faults", "application/json", "{\"action\":\"DELAY\",\"delayMs\":1}", 201),
            new Call("callback:removeFault", false, "DELETE", "/admin/faults/" + UUID.randomUUID(), null, null, 404),
            new Call("callback:clearFaults", false, "DELETE", "/admin/faults", null, null, 204),
            new Call("callback:resetReceiver", false, "POST", "/admin/reset", null, null, 204));

    private static RequestSpecification to(Call call, boolean strict) {
        OpenApiValidationFilter filter = call.order() ? (strict ? ORDER : ORDER_RESPONSES) : (strict ? CALLBACK : CALLBACK_RESPONSES);
        return given().port(call.order() ? platform.orderPort() : platform.callbackPort()).basePath("/v1").filter(filter)
                .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT)));
    }

    @Test
    void theCallsCoverEveryAdminOperationOfBothContracts() {
        Set<String> admin = new TreeSet<>(adminOperations("order", Contracts.ORDER_SPEC));
        admin.addAll(adminOperations("callback", Contracts.CALLBACK_SPEC));
        Set<String> called = CALLS.stream().map(Call::operation).collect(Collectors.toCollection(TreeSet::new));
        assertThat(called).isEqualTo(admin);
    }

    @Test
    void withoutTheTokenEveryAdminOperationIs401WithAChallenge() {
        for (Call call : CALLS) {
            call.send(to(call, true)).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"qwire-admin\""))
                    .header("X-Trace-Id", matchesPattern("[0-9a-f]{32}"))
                    .body("code", equalTo("ADMIN_TOKEN_REQUIRED")).body("status", equalTo(401))
                    .body("traceId", matchesPattern("[0-9a-f]{32}"));
        }
    }

    @Test
    void aWrongTokenOrAnotherSchemeIs401() {
        for (Call call : CALLS) {
            call.send(to(call, false).header("Authorization", "Bearer " + TOKEN + "x")).then().statusCode(401)
                    .header("WWW-Authenticate", equalTo("Bearer realm=\"qwire-admin\", error=\"invalid_token\""))
                    .body("code", equalTo("ADMIN_TOKEN_REQUIRED")).body("detail", containsString("not this instance's admin token"));
            call.send(to(call, false).header("Authorization", "Basic " + TOKEN)).then().statusCode(401)
                    .body("code", equalTo("ADMIN_TOKEN_REQUIRED")).body("detail", containsString("not a Bearer token"));
            call.send(to(call, false).header("Authorization", "Bearer " + TOKEN.substring(0, TOKEN.length() - 1))).then().statusCode(401);
        }
    }

    @Test
    void withTheTokenEveryAdminOperationWorks() throws java.sql.SQLException {
        // SKU-DESK-006 is AdminControlContractIT's too, which leaves it DISCONTINUED (terminal): start from ACTIVE as it does.
        try (var c = java.sql.DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
             var reset = c.prepareStatement("UPDATE products SET status = 'ACTIVE' WHERE code = 'SKU-DESK-006'")) {
            reset.executeUpdate();
        }
        Call restock = new Call("order:setProductStatus", true, "PUT", "/admin/products/SKU-DESK-006/status", "application/json",
                "{\"status\":\"ACTIVE\"}", 200);
        for (Call call : CALLS) {
            call.send(to(call, true).header("Authorization", "Bearer " + TOKEN)).then()
                    .statusCode(call.success()).header("X-Trace-Id", matchesPattern("[0-9a-f]{32}"));
        }
        // The scheme is case-insensitive (RFC 7235); the restock puts the product back as it was.
        restock.send(to(restock, true).header("Authorization", "bEARER " + TOKEN)).then().statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void everythingElseStaysOpen() {
        String reference = given().port(platform.orderPort()).basePath("/v1").filter(ORDER).contentType("application/json")
                .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"2.00\",\"currency\":\"EUR\"}")
                .when().post("/order").then().statusCode(201).extract().path("reference");
        given().port(platform.orderPort()).basePath("/v1").filter(ORDER).queryParam("reference", reference)
                .when().get("/order").then().statusCode(200);
        given().port(platform.callbackPort()).basePath("/v1").filter(CALLBACK).queryParam("reference", reference)
                .when().get("/check").then().statusCode(200);
        for (int port : new int[] {platform.orderPort(), platform.callbackPort()}) {
            given().port(port).when().get("/health/live").then().statusCode(200);
            given().port(port).when().get("/health/ready").then().statusCode(200);
        }
    }

    @Test
    void anOrderCannotCallTheAdminApi() {
        for (String url : List.of("http://127.0.0.1:" + platform.orderPort() + "/v1/admin/reset",
                "http://localhost:" + platform.callbackPort() + "/v1/admin/faults",
                "http://127.0.0.1:" + platform.orderPort() + "/v1/x/../admin/reset")) {
            given().port(platform.orderPort()).basePath("/v1").filter(ORDER_RESPONSES).contentType("application/json")
                    .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"2.00\",\"currency\":\"EUR\",\"callbackUrl\":\"" + url + "\"}")
                    .when().post("/order").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors[0].field", equalTo("callbackUrl")).body("errors[0].message", containsString("admin API"));
        }
    }

    @Test
    void theGeneratedClientSendsTheTokenThroughARequestInterceptor() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + platform.orderPort() + "/v1");
        AdminApi open = new AdminApi(client);
        ApiException refused = OperationLog.refused(ApiException.class, () -> open.getClock());
        assertThat(refused.getCode()).isEqualTo(401);
        assertThat(refused.getResponseHeaders().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"qwire-admin\"");

        ApiClient withToken = new ApiClient();
        withToken.updateBaseUri("http://127.0.0.1:" + platform.orderPort() + "/v1");
        withToken.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + TOKEN));
        assertThat(new AdminApi(withToken).getClock().getMode().getValue()).isEqualTo("SYSTEM");
    }

    private static Set<String> adminOperations(String service, Path spec) {
        OpenAPI api = new OpenAPIV3Parser().read(spec.toString());
        Set<String> ids = new TreeSet<>();
        api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/admin")) {
                item.readOperations().forEach(op -> ids.add(service + ":" + op.getOperationId()));
            }
        });
        return ids;
    }
}
