package com.qwire.mock.contract;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.testing.RunningPlatform;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Every operation of order_server.yaml and every status it documents, each exchange validated against the YAML. */
class OrderApiContractIT {
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final OpenApiValidationFilter STRICT = Contracts.strict(Contracts.ORDER_SPEC);
    private static final OpenApiValidationFilter RESPONSES_ONLY = Contracts.responsesOnly(Contracts.ORDER_SPEC);
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform();

    private static RequestSpecification valid() {
        return given().port(platform.orderPort()).basePath("/v1").filter(STRICT);
    }

    private static RequestSpecification invalid() {
        return given().port(platform.orderPort()).basePath("/v1").filter(RESPONSES_ONLY);
    }

    private static String order(UUID reference, String product, int quantity) {
        return "{\"reference\":\"" + reference + "\",\"productCode\":\"" + product + "\",\"quantity\":" + quantity
                + ",\"amount\":\"19.99\",\"currency\":\"EUR\",\"customerId\":\"cust-42\",\"metadata\":{\"channel\":\"web\"}}";
    }

    @Test
    void createAnswers201WithTheOrderItsLocationAndTheCallersTraceId() {
        UUID reference = UUID.randomUUID();
        valid().contentType("application/json").header("X-Trace-Id", "contract-create-1").body(order(reference, "SKU-BOOK-001", 2))
                .when().post("/order")
                .then().statusCode(201)
                .header("X-Trace-Id", "contract-create-1")
                .header("Location", endsWith("/v1/order?reference=" + reference))
                .body("reference", equalTo(reference.toString()))
                .body("status", equalTo("CREATED"))
                .body("amount", equalTo("19.99"))
                .body("metadata.channel", equalTo("web"))
                .body("callbackUrl", equalTo("http://127.0.0.1:" + platform.callbackPort() + "/v1/callback"))
                .body("history", hasSize(1))
                .body("history[0].from", nullValue())
                .body("history[0].to", equalTo("CREATED"))
                .body("history[0].reason", equalTo("ORDER_ACCEPTED"));
    }

    @Test
    void createWithoutReferenceOrTraceIdGeneratesBoth() {
        valid().contentType("application/json")
                .body("{\"productCode\":\"SKU-PHONE-002\",\"quantity\":1,\"amount\":\"5\",\"currency\":\"USD\",\"callbackUrl\":\"https://hooks.example.com/qwire\"}")
                .when().post("/order")
                .then().statusCode(201)
                .header("X-Trace-Id", matchesPattern("[0-9a-f]{32}"))
                .body("reference", matchesPattern("[0-9a-f-]{36}"))
                .body("amount", equalTo("5.00"))
                .body("callbackUrl", equalTo("https://hooks.example.com/qwire"));
    }

    @Test
    void outOfStockProductIsAcceptedAsCreated() {
        valid().contentType("application/json").body(order(UUID.randomUUID(), "SKU-GPU-003", 1))
                .when().post("/order")
                .then().statusCode(201).body("status", equalTo("CREATED"));
    }

    @Test
    void identicalRepostIsReplayedWith200AndTheStoredOrder() {
        UUID reference = UUID.randomUUID();
        String createdAt = valid().contentType("application/json").body(order(reference, "SKU-BOOK-001", 2))
                .when().post("/order").then().statusCode(201).extract().path("createdAt");
        valid().contentType("application/json").body(order(reference, "SKU-BOOK-001", 2))
                .when().post("/order")
                .then().statusCode(200)
                .header("Idempotent-Replayed", "true")
                .header("Location", endsWith("/v1/order?reference=" + reference))
                .body("reference", equalTo(reference.toString()))
                .body("createdAt", equalTo(createdAt));
    }

    @Test
    void sameReferenceWithADifferentBodyIs409() {
        UUID reference = UUID.randomUUID();
        valid().contentType("application/json").body(order(reference, "SKU-BOOK-001", 2)).when().post("/order").then().statusCode(201);
        valid().contentType("application/json").body(order(reference, "SKU-BOOK-001", 3))
                .when().post("/order")
                .then().statusCode(409).contentType(PROBLEM_JSON)
                .body("code", equalTo("IDEMPOTENCY_CONFLICT"))
                .body("type", equalTo("urn:qwire:problem:idempotency-conflict"))
                .body("detail", containsString(reference.toString()));
    }

    @Test
    void getAnswersTheStoredOrderWithItsHistory() {
        UUID reference = UUID.randomUUID();
        valid().contentType("application/json").body(order(reference, "SKU-BOOK-001", 4)).when().post("/order").then().statusCode(201);
        valid().queryParam("reference", reference.toString()).header("X-Trace-Id", "contract-get-1")
                .when().get("/order")
                .then().statusCode(200)
                .header("X-Trace-Id", "contract-get-1")
                .body("reference", equalTo(reference.toString()))
                .body("quantity", equalTo(4))
                .body("customerId", equalTo("cust-42"))
                .body("history[0].to", equalTo("CREATED"));
    }

    @Test
    void unknownReferenceIs404() {
        UUID unknown = UUID.randomUUID();
        valid().queryParam("reference", unknown.toString())
                .when().get("/order")
                .then().statusCode(404).contentType(PROBLEM_JSON)
                .body("code", equalTo("ORDER_NOT_FOUND"))
                .body("status", equalTo(404))
                .body("instance", equalTo("/v1/order"))
                .body("traceId", matchesPattern("[0-9a-f]{32}"));
    }

    @Test
    void malformedOrMissingReferenceIs400() {
        invalid().queryParam("reference", "not-a-uuid")
                .when().get("/order")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("INVALID_PARAMETER"))
                .body("errors[0].field", equalTo("reference"));
        invalid().when().get("/order")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("reference"));
    }

    @Test
    void unknownProductIs422ProductNotFound() {
        valid().contentType("application/json").body(order(UUID.randomUUID(), "SKU-NOPE-999", 1))
                .when().post("/order")
                .then().statusCode(422).contentType(PROBLEM_JSON).body("code", equalTo("PRODUCT_NOT_FOUND"));
    }

    @Test
    void discontinuedProductIs422ProductNotOrderable() {
        valid().contentType("application/json").body(order(UUID.randomUUID(), "SKU-FAX-004", 1))
                .when().post("/order")
                .then().statusCode(422).contentType(PROBLEM_JSON).body("code", equalTo("PRODUCT_NOT_ORDERABLE"));
    }

    @Test
    void malformedJsonIs400MalformedJson() {
        invalid().contentType("application/json").body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":")
                .when().post("/order")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("MALFORMED_JSON"))
                .body("detail", containsString("line 1"))
                .body("detail", org.hamcrest.Matchers.not(containsString("Source")));
    }

    @Test
    void rawControlCharacterInAStringIs400MalformedJson() {
        invalid().contentType("application/json")
                .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\",\"customerId\":\"a\u0001b\"}")
                .when().post("/order")
                .then().statusCode(400).contentType(PROBLEM_JSON).body("code", equalTo("MALFORMED_JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            string for an integer          | {"productCode":"SKU-BOOK-001","quantity":"2","amount":"1.00","currency":"EUR"}            | quantity
            number for a string            | {"productCode":"SKU-BOOK-001","quantity":2,"amount":19.99,"currency":"EUR"}               | amount
            fraction for an integer        | {"productCode":"SKU-BOOK-001","quantity":2.5,"amount":"1.00","currency":"EUR"}            | quantity
            huge number                    | {"productCode":"SKU-BOOK-001","quantity":99999999999999999999999,"amount":"1.00","currency":"EUR"} | quantity
            unknown field                  | {"productCode":"SKU-BOOK-001","quantity":2,"amount":"1.00","currency":"EUR","status":"DONE"} | status
            bad UUID                       | {"reference":"123","productCode":"SKU-BOOK-001","quantity":2,"amount":"1.00","currency":"EUR"} | reference
            missing required field         | {"productCode":"SKU-BOOK-001","quantity":2,"amount":"1.00"}                                | currency
            quantity above range           | {"productCode":"SKU-BOOK-001","quantity":1001,"amount":"1.00","currency":"EUR"}            | quantity
            pattern mismatch               | {"productCode":"sku book","quantity":1,"amount":"1.00","currency":"EUR"}                  | productCode
            zero amount                    | {"productCode":"SKU-BOOK-001","quantity":1,"amount":"0.00","currency":"EUR"}              | amount
            three decimals                 | {"productCode":"SKU-BOOK-001","quantity":1,"amount":"1.005","currency":"EUR"}             | amount
            relative callback URL          | {"productCode":"SKU-BOOK-001","quantity":1,"amount":"1.00","currency":"EUR","callbackUrl":"/cb"} | callbackUrl
            escaped control char in metadata | {"productCode":"SKU-BOOK-001","quantity":1,"amount":"1.00","currency":"EUR","metadata":{"k":"a\\u0007b"}} | metadata.k
            lone surrogate in metadata     | {"productCode":"SKU-BOOK-001","quantity":1,"amount":"1.00","currency":"EUR","metadata":{"k":"a\\ud800b"}} | metadata.k
            lone surrogate in customerId   | {"productCode":"SKU-BOOK-001","quantity":1,"amount":"1.00","currency":"EUR","customerId":"c\\udc00"} | customerId
            metadata value not a string    | {"productCode":"SKU-BOOK-001","quantity":1,"amount":"1.00","currency":"EUR","metadata":{"k":5}} | metadata.k
            array instead of object        | [1,2]                                                                                       | body
            """)
    void contractViolationsAre400NamingTheField(String caseName, String body, String field) {
        invalid().contentType("application/json").body(body)
                .when().post("/order")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem(field))
                .body("errors.message", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.not(containsString("com.qwire"))))
                .body("traceId", notNullValue());
    }

    /** Issue 10: every missing required field is listed, as required (an empty body named one field, as a wrong type). */
    @Test
    void everyMissingRequiredFieldIsListedAsRequired() {
        invalid().contentType("application/json").body("{}")
                .when().post("/order")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("detail", equalTo("4 fields are invalid."))
                .body("errors.field", org.hamcrest.Matchers.contains("amount", "currency", "productCode", "quantity"))
                .body("errors.message", org.hamcrest.Matchers.everyItem(equalTo("is required")));
        invalid().contentType("application/json").body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1}")
                .when().post("/order")
                .then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("amount", "currency"));
    }

    /** Issue 10, a safe callback URL: each unsafe one is a 400 naming the field and saying why; none is stored. */
    @Test
    void unsafeCallbackUrlsAre400SayingWhy() {
        int own = platform.orderPort();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("http://127.0.0.1:" + own + "/v1/admin/reset", "must not call the platform's own admin API");
        cases.put("http://localhost:" + own + "/v1//admin/../admin/scenarios/happy", "must not call the platform's own admin API");
        cases.put("http://localhost:" + platform.callbackPort() + "/v1/admin/reset", "must not call the platform's own admin API");
        cases.put("http://127.0.0.1:" + own + "/v1/order", "must not call the platform's own order API");
        cases.put("http://169.254.169.254/latest/meta-data/", "is denied (169.254.0.0/16)");
        cases.put("http://metadata.google.internal/computeMetadata/v1/", "is denied (metadata.google.internal)");
        cases.put("http://0.0.0.0:9000/cb", "is denied (0.0.0.0/8)");
        cases.put("http://hooks.example.com:0/cb", "must have a port between 1 and 65535");
        cases.put("http://hooks.example.com:99999/cb", "must have a port between 1 and 65535");
        cases.put("http://user:secret@hooks.example.com/cb", "must not contain user info");
        cases.forEach((url, why) -> invalid().contentType("application/json")
                .body("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\",\"callbackUrl\":\"" + url + "\"}")
                .when().post("/order")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", org.hamcrest.Matchers.contains("callbackUrl"))
                .body("errors[0].message", containsString(why))
                .body("errors[0].message", org.hamcrest.Matchers.not(containsString("secret")))
                .body("traceId", notNullValue()));
    }

    @Test
    void bodyOver64KibIs413WithOrWithoutContentLength() {
        String big = "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\",\"customerId\":\""
                + "x".repeat(70_000) + "\"}";
        invalid().contentType("application/json").body(big)
                .when().post("/order")
                .then().statusCode(413).contentType(PROBLEM_JSON).body("code", equalTo("PAYLOAD_TOO_LARGE"));
        invalid().contentType("application/json").body(new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .when().post("/order")
                .then().statusCode(413).contentType(PROBLEM_JSON).body("code", equalTo("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void nonJsonBodyIs415() {
        invalid().contentType("text/plain").body("productCode=SKU-BOOK-001")
                .when().post("/order")
                .then().statusCode(415).contentType(PROBLEM_JSON).body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"));
    }

    @Test
    void acceptWithoutJsonIs406() {
        invalid().accept("text/html").queryParam("reference", UUID.randomUUID().toString())
                .when().get("/order")
                .then().statusCode(406).contentType(PROBLEM_JSON).body("code", equalTo("NOT_ACCEPTABLE"));
    }

    @Test
    void malformedTraceIdIs400AndTheResponseCarriesAFreshOne() {
        invalid().header("X-Trace-Id", "has spaces and !").queryParam("reference", UUID.randomUUID().toString())
                .when().get("/order")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .header("X-Trace-Id", matchesPattern("[0-9a-f]{32}"))
                .body("errors[0].field", equalTo("X-Trace-Id"));
    }

    @Test
    void pathsAndMethodsOutsideTheContractStillGetProblemJson() {
        given().port(platform.orderPort()).when().get("/v1/orders")
                .then().statusCode(404).contentType(PROBLEM_JSON).body("code", equalTo("RESOURCE_NOT_FOUND"))
                .header("X-Trace-Id", notNullValue());
        given().port(platform.orderPort()).when().get("/")
                .then().statusCode(404).contentType(PROBLEM_JSON).body("code", equalTo("RESOURCE_NOT_FOUND"));
        given().port(platform.orderPort()).when().delete("/v1/order")
                .then().statusCode(405).contentType(PROBLEM_JSON).body("code", equalTo("METHOD_NOT_ALLOWED"))
                .header("Allow", containsString("POST"));
    }
}
