package com.qwire.mock.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, done-when: what an attacker or a careless client sends, to every operation of both
 * services — over a plain socket, byte for byte — and each answer asserted: its documented 4xx (or
 * the 505 for another protocol), problem+json with its code, the trace id in the body and in
 * X-Trace-Id (the caller's own where it could be read), valid against the operation's contract, and
 * an access-log line. Afterwards the platform is healthy and a normal order completes with both
 * callbacks.
 */
class HostileInputContractIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebhookSignatures SIGNER = new WebhookSignatures(Config.DEFAULT_WEBHOOK_SECRET, Clock.systemUTC());
    private static final String BAD_TRACE_ID = "not a trace id!";
    private static final String ORDER_BODY = "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\"}";

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_HTTP_READ_TIMEOUT_MS", "1500", "QWIRE_PROCESSING_DELAY_MS", "100", "QWIRE_COMPLETION_DELAY_MS", "100"));

    private enum Service {
        ORDER(Contracts.ORDER_SPEC, "/v1"), ORDER_PROBE(Contracts.ORDER_SPEC, "/"),
        CALLBACK(Contracts.CALLBACK_SPEC, "/v1"), CALLBACK_PROBE(Contracts.CALLBACK_SPEC, "/");

        final OpenApiInteractionValidator validator;

        Service(Path spec, String basePath) {
            this.validator = basePath.equals("/")
                    ? OpenApiInteractionValidator.createForSpecificationUrl(spec.toString()).withBasePathOverride("/").build()
                    : OpenApiInteractionValidator.createForSpecificationUrl(spec.toString()).build();
        }

        int port() {
            return this == ORDER || this == ORDER_PROBE ? platform.orderPort() : platform.callbackPort();
        }

        String prefix() {
            return this == ORDER || this == CALLBACK ? "/v1" : "";
        }
    }

    /** An operation and a request to it that follows its contract, which the cases below then spoil. */
    private record Op(String id, Service service, String method, String path, String query, String contentType, String body,
                      Map<String, String> headers, boolean noContent) {
        boolean hasBody() {
            return body != null;
        }
    }

    private static final List<Op> OPS = List.of(
            new Op("order:createOrder", Service.ORDER, "POST", "/order", null, "application/json", ORDER_BODY, Map.of(), false),
            new Op("order:getOrder", Service.ORDER, "GET", "/order", "reference=" + UUID.randomUUID(), null, null, Map.of(), false),
            new Op("order:listCallbacks", Service.ORDER, "GET", "/admin/callbacks", null, null, null, Map.of(), false),
            new Op("order:listOrders", Service.ORDER, "GET", "/admin/orders", null, null, null, Map.of(), false),
            new Op("order:getSummary", Service.ORDER, "GET", "/admin/summary", null, null, null, Map.of(), false),
            new Op("order:redeliverCallback", Service.ORDER, "POST", "/admin/callbacks/" + UUID.randomUUID() + "/redeliver", null, null, null,
                    Map.of(), false),
            new Op("order:transitionOrder", Service.ORDER, "POST", "/admin/orders/" + UUID.randomUUID() + "/transition", null,
                    "application/json", "{\"to\":\"CANCELLED\"}", Map.of(), false),
            new Op("order:setProductStatus", Service.ORDER, "PUT", "/admin/products/SKU-MUG-005/status", null, "application/json",
                    "{\"status\":\"ACTIVE\"}", Map.of(), false),
            new Op("order:resetOrders", Service.ORDER, "POST", "/admin/reset", null, null, null, Map.of(), false),
            new Op("order:listScenarios", Service.ORDER, "GET", "/admin/scenarios", null, null, null, Map.of(), false),
            new Op("order:putScenario", Service.ORDER, "PUT", "/admin/scenarios/hostile", null, "application/yaml",
                    "steps:\n  - to: PROCESSING\n", Map.of(), false),
            new Op("order:getClock", Service.ORDER, "GET", "/admin/clock", null, null, null, Map.of(), false),
            new Op("order:setClock", Service.ORDER, "PUT", "/admin/clock", null, "application/json", "{\"now\":\"2030-01-01T00:00:00Z\"}",
                    Map.of(), false),
            new Op("order:advanceClock", Service.ORDER, "POST", "/admin/clock/advance", null, "application/json", "{\"duration\":\"PT1S\"}",
                    Map.of(), false),
            new Op("order:getLiveness", Service.ORDER_PROBE, "GET", "/health/live", null, null, null, Map.of(), false),
            new Op("order:getReadiness", Service.ORDER_PROBE, "GET", "/health/ready", null, null, null, Map.of(), false),
            new Op("order:getMetrics", Service.ORDER_PROBE, "GET", "/metrics", null, null, null, Map.of(), false),
            new Op("callback:receiveCallback", Service.CALLBACK, "POST", "/callback", null, "application/json", "{}",
                    Map.of("webhook-id", "x", "webhook-timestamp", "1", "webhook-signature", "v1,AAAA"), false),
            new Op("callback:checkCallbacks", Service.CALLBACK, "GET", "/check", "reference=" + UUID.randomUUID(), null, null, Map.of(), false),
            new Op("callback:listFaults", Service.CALLBACK, "GET", "/admin/faults", null, null, null, Map.of(), false),
            new Op("callback:addFault", Service.CALLBACK, "POST", "/admin/faults", null, "application/json",
                    "{\"reference\":\"" + UUID.randomUUID() + "\",\"action\":\"DROP\"}", Map.of(), false),
            new Op("callback:clearFaults", Service.CALLBACK, "DELETE", "/admin/faults", null, null, null, Map.of(), true),
            new Op("callback:removeFault", Service.CALLBACK, "DELETE", "/admin/faults/" + UUID.randomUUID(), null, null, null, Map.of(), true),
            new Op("callback:resetReceiver", Service.CALLBACK, "POST", "/admin/reset", null, null, null, Map.of(), true),
            new Op("callback:getLiveness", Service.CALLBACK_PROBE, "GET", "/health/live", null, null, null, Map.of(), false),
            new Op("callback:getReadiness", Service.CALLBACK_PROBE, "GET", "/health/ready", null, null, null, Map.of(), false),
            new Op("callback:getMetrics", Service.CALLBACK_PROBE, "GET", "/metrics", null, null, null, Map.of(), false));

    /** One hostile request and what it must get. {@code op} null: no operation of the contracts applies (unknown path, HTTP/2). */
    private record Case(String name, Op op, Service service, String method, String path, byte[] request, int status, String code,
                        boolean echoesTraceId, Consumer<JsonNode> check) {
    }

    private final List<Case> cases = new ArrayList<>();
    private int sequence;

    private String traceId() {
        return "hostile-" + (++sequence);
    }

    /** A request from parts; {@code traceId} null sends none. Content-Length is the body's unless given in {@code headers}. */
    private static byte[] request(String method, String target, String traceId, Map<String, String> headers, String contentType, String body,
                                  String version) {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(' ').append(version).append("\r\nHost: localhost\r\n");
        if (traceId != null) {
            b.append("X-Trace-Id: ").append(traceId).append("\r\n");
        }
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        if (contentType != null) {
            b.append("Content-Type: ").append(contentType).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Length") || h.equalsIgnoreCase("Transfer-Encoding"))) {
            b.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return all;
    }

    private static String target(Op op, String extraQuery) {
        String query = op.query() == null ? extraQuery : extraQuery == null ? op.query() : op.query() + "&" + extraQuery;
        return op.service().prefix() + op.path() + (query == null ? "" : "?" + query);
    }

    private void add(String name, Op op, byte[] request, int status, String code, boolean echoes) {
        add(name, op, request, status, code, echoes, node -> { });
    }

    private void add(String name, Op op, byte[] request, int status, String code, boolean echoes, Consumer<JsonNode> check) {
        cases.add(new Case(name, op, op.service(), op.method(), op.service().prefix() + op.path(), request, status, code, echoes, check));
    }

    /** The request of {@code op} with one thing changed. */
    private void spoil(Op op, String name, int status, String code, Map<String, String> extraHeaders, String extraQuery, String contentType,
                       String body, boolean echoes, Consumer<JsonNode> check) {
        String id = traceId();
        Map<String, String> headers = new LinkedHashMap<>(op.headers());
        headers.putAll(extraHeaders);
        add(op.id() + " " + name, op, request(op.method(), target(op, extraQuery), id, headers, contentType, body, "HTTP/1.1"),
                status, code, echoes, check);
    }

    private void spoil(Op op, String name, int status, String code, Map<String, String> extraHeaders, String extraQuery) {
        spoil(op, name, status, code, extraHeaders, extraQuery, op.contentType(), op.body(), true, node -> { });
    }

    private void buildGenericCases() {
        for (Op op : OPS) {
            // A malformed trace id: 400 naming it, answered under a fresh one.
            Map<String, String> badTrace = new LinkedHashMap<>(op.headers());
            badTrace.put("X-Trace-Id", BAD_TRACE_ID);
            add(op.id() + " malformed X-Trace-Id", op, request(op.method(), target(op, null), null, badTrace, op.contentType(), op.body(),
                    "HTTP/1.1"), 400, null, false, node -> assertThat(node.toString()).contains("X-Trace-Id"));
            if (!op.noContent()) {
                spoil(op, "Accept it cannot serve", 406, "NOT_ACCEPTABLE", Map.of("Accept", "image/png"), null);
            }
            spoil(op, "malformed Accept", 400, "MALFORMED_REQUEST", Map.of("Accept", "text/html;;;=="), null);
            spoil(op, "malformed percent-escape in the query", 400, "INVALID_PARAMETER", Map.of(), "x=%zz");
            spoil(op, "raw control character in the query", 400, "INVALID_PARAMETER", Map.of(), "x=a\u0001b");
            spoil(op, "a 9 KiB header", 431, "HEADERS_TOO_LARGE", Map.of("X-Padding", "p".repeat(9000)), null, op.contentType(), op.body(),
                    false, node -> { });
            Map<String, String> many = new LinkedHashMap<>();
            for (int i = 0; i < 120; i++) {
                many.put("X-Many-" + i, "v");
            }
            spoil(op, "120 header fields", 431, "HEADERS_TOO_LARGE", many, null, op.contentType(), op.body(), false, node -> { });
            spoil(op, "a 9 KiB request line", 414, "URI_TOO_LONG", Map.of(), "pad=" + "q".repeat(9000), op.contentType(), op.body(), false,
                    node -> { });
        }
    }

    private void buildBodyCases() {
        for (Op op : OPS) {
            if (!op.hasBody()) {
                continue;
            }
            boolean yaml = "application/yaml".equals(op.contentType());
            spoil(op, "malformed body", 400, yaml ? "INVALID_SCENARIO" : "MALFORMED_JSON", Map.of(), null, op.contentType(),
                    yaml ? "steps: [\n  - to: {" : "{\"to\": ", true, node -> { });
            spoil(op, "text/plain body", 415, "UNSUPPORTED_MEDIA_TYPE", Map.of(), null, "text/plain", op.body(), true, node -> { });
            spoil(op, "garbage Content-Type", 400, "MALFORMED_REQUEST", Map.of(), null, "application/json; charset=\"", op.body(), true,
                    node -> assertThat(node.get("errors").get(0).get("field").asText()).isEqualTo("Content-Type"));
            spoil(op, "a 70 KB body", 413, "PAYLOAD_TOO_LARGE", Map.of(), null, op.contentType(), "{\"pad\":\"" + "x".repeat(70_000) + "\"}",
                    true, node -> { });
            spoil(op, "a declared 10 MB body", 413, "PAYLOAD_TOO_LARGE", Map.of("Content-Length", "10000000"), null, op.contentType(), "{",
                    true, node -> { });
            spoil(op, "a bad chunk size", 400, "MALFORMED_REQUEST", Map.of("Transfer-Encoding", "chunked"), null, op.contentType(),
                    "ZZ\r\n{}\r\n0\r\n\r\n", true, node -> { });
            spoil(op, "a body that stalls", 408, "REQUEST_TIMEOUT", Map.of("Content-Length", "100"), null, op.contentType(), "{", true,
                    node -> assertThat(node.get("errors").get(0).get("field").asText()).isEqualTo("body"));
            spoil(op, "a bad Content-Length", 400, "MALFORMED_REQUEST", Map.of("Content-Length", "abc"), null, op.contentType(), "{}", true,
                    node -> { });
            if (!yaml) {
                // Well-formed JSON of the wrong shape is a validation failure naming the body (MALFORMED_JSON is for syntax).
                spoil(op, "a JSON array", 400, "VALIDATION_FAILED", Map.of(), null, op.contentType(), "[]", true,
                        node -> assertThat(node.get("errors").findValuesAsText("field")).isNotEmpty());
            }
        }
    }

    private Op op(String id) {
        return OPS.stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow();
    }

    /** The body of {@code op} changed; each must be refused with its field named. */
    private void body(String opId, String name, String body, int status, String code, String field) {
        Op op = op(opId);
        spoil(op, name, status, code, Map.of(), null, op.contentType(), body, true, field == null ? node -> { }
                : node -> assertThat(node.get("errors").findValuesAsText("field")).as(name).contains(field));
    }

    private static String order(String extra) {
        return ORDER_BODY.substring(0, ORDER_BODY.length() - 1) + "," + extra + "}";
    }

    private void buildSpecificCases() {
        // Orders: every missing field listed; numbers, URLs and metadata bounded; strings stored as sent or refused.
        Op create = op("order:createOrder");
        spoil(create, "{}: every required field", 400, "VALIDATION_FAILED", Map.of(), null, "application/json", "{}", true,
                node -> assertThat(node.get("errors").findValuesAsText("field")).contains("productCode", "quantity", "amount", "currency"));
        body("order:createOrder", "quantity 0", ORDER_BODY.replace("\"quantity\":1", "\"quantity\":0"), 400, "VALIDATION_FAILED", "quantity");
        body("order:createOrder", "quantity as text", ORDER_BODY.replace("\"quantity\":1", "\"quantity\":\"one\""), 400, "VALIDATION_FAILED", "quantity");
        body("order:createOrder", "quantity 2^31", ORDER_BODY.replace("\"quantity\":1", "\"quantity\":2147483648"), 400, "VALIDATION_FAILED", "quantity");
        body("order:createOrder", "negative amount", ORDER_BODY.replace("9.99", "-9.99"), 400, "VALIDATION_FAILED", "amount");
        body("order:createOrder", "amount with three decimals", ORDER_BODY.replace("9.99", "9.999"), 400, "VALIDATION_FAILED", "amount");
        body("order:createOrder", "lowercase currency", ORDER_BODY.replace("EUR", "eur"), 400, "VALIDATION_FAILED", "currency");
        body("order:createOrder", "unknown field", order("\"isAdmin\":true"), 400, "VALIDATION_FAILED", null);
        body("order:createOrder", "a callback URL to the admin API", order("\"callbackUrl\":\"http://127.0.0.1:" + platform.orderPort()
                + "/v1/admin/reset\""), 400, "VALIDATION_FAILED", "callbackUrl");
        body("order:createOrder", "a callback URL to the order API", order("\"callbackUrl\":\"http://localhost:" + platform.orderPort()
                + "/v1/order\""), 400, "VALIDATION_FAILED", "callbackUrl");
        body("order:createOrder", "a callback URL with credentials", order("\"callbackUrl\":\"http://user:secret@example.com/hook\""), 400,
                "VALIDATION_FAILED", "callbackUrl");
        body("order:createOrder", "callback port 0", order("\"callbackUrl\":\"http://example.com:0/hook\""), 400, "VALIDATION_FAILED", "callbackUrl");
        body("order:createOrder", "callback port 99999", order("\"callbackUrl\":\"http://example.com:99999/hook\""), 400, "VALIDATION_FAILED",
                "callbackUrl");
        body("order:createOrder", "callback to the metadata address", order("\"callbackUrl\":\"http://169.254.169.254/latest/meta-data\""), 400,
                "VALIDATION_FAILED", "callbackUrl");
        body("order:createOrder", "callback to 0.0.0.0", order("\"callbackUrl\":\"http://0.0.0.0:8081/hook\""), 400, "VALIDATION_FAILED",
                "callbackUrl");
        body("order:createOrder", "callback over ftp", order("\"callbackUrl\":\"ftp://example.com/hook\""), 400, "VALIDATION_FAILED", "callbackUrl");
        body("order:createOrder", "callback URL that is not a URL", order("\"callbackUrl\":\"not a url\""), 400, "VALIDATION_FAILED", "callbackUrl");
        StringBuilder many = new StringBuilder("\"metadata\":{");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        body("order:createOrder", "21 metadata entries", order(many + "}"), 400, "VALIDATION_FAILED", "metadata");
        body("order:createOrder", "a 300-character metadata value", order("\"metadata\":{\"k\":\"" + "v".repeat(300) + "\"}"), 400,
                "VALIDATION_FAILED", null);
        body("order:createOrder", "a lone surrogate in metadata", order("\"metadata\":{\"k\":\"\\ud800\"}"), 400, "VALIDATION_FAILED", null);
        body("order:createOrder", "a control character in metadata", order("\"metadata\":{\"k\":\"a\\u0007b\"}"), 400, "VALIDATION_FAILED", null);
        body("order:createOrder", "a malformed scenario name", order("\"scenario\":\"../../etc\""), 400, "VALIDATION_FAILED", "scenario");
        body("order:createOrder", "an unknown scenario", order("\"scenario\":\"no-such-scenario\""), 422, "UNKNOWN_SCENARIO", null);
        body("order:createOrder", "a reference that is not a UUID", order("\"reference\":\"abc\""), 400, "VALIDATION_FAILED", "reference");
        body("order:createOrder", "duplicate keys", "{\"productCode\":\"SKU-BOOK-001\",\"productCode\":\"SKU-GPU-003\",\"quantity\":1,"
                + "\"amount\":\"9.99\",\"currency\":\"EUR\"}", 400, "MALFORMED_JSON", null);
        body("order:createOrder", "deeply nested JSON", order("\"metadata\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000)), 400,
                null, null);
        spoil(create, "an unknown X-Mock-Scenario", 422, "UNKNOWN_SCENARIO", Map.of("X-Mock-Scenario", "no-such-scenario"), null);
        spoil(create, "a malformed X-Mock-Scenario", 400, "VALIDATION_FAILED", Map.of("X-Mock-Scenario", "Not A Name"), null);

        Op get = op("order:getOrder");
        add("order:getOrder reference not a UUID", get, request("GET", "/v1/order?reference=abc", traceId(), Map.of(), null, null, "HTTP/1.1"),
                400, "INVALID_PARAMETER", true);
        add("order:getOrder without reference", get, request("GET", "/v1/order", traceId(), Map.of(), null, null, "HTTP/1.1"), 400,
                "VALIDATION_FAILED", true);
        add("order:getOrder an unknown order", get, request("GET", "/v1/order?reference=" + UUID.randomUUID(), traceId(), Map.of(), null, null,
                "HTTP/1.1"), 404, "ORDER_NOT_FOUND", true);
        add("order:getOrder SQL in the reference", get, request("GET", "/v1/order?reference=%27%20OR%201=1--", traceId(), Map.of(), null, null,
                "HTTP/1.1"), 400, "INVALID_PARAMETER", true);

        Op journal = op("order:listCallbacks");
        spoil(journal, "an unknown status filter", 400, "INVALID_PARAMETER", Map.of(), "status=LOST");
        spoil(journal, "a reference filter that is not a UUID", 400, "INVALID_PARAMETER", Map.of(), "reference=x");
        Op redeliver = op("order:redeliverCallback");
        add("order:redeliverCallback an id that is not a UUID", redeliver, request("POST", "/v1/admin/callbacks/abc/redeliver", traceId(),
                Map.of(), null, null, "HTTP/1.1"), 400, "INVALID_PARAMETER", true);
        add("order:redeliverCallback an unknown event", redeliver, request("POST", target(redeliver, null), traceId(), Map.of(), null, null,
                "HTTP/1.1"), 404, "CALLBACK_NOT_FOUND", true);
        body("order:transitionOrder", "an unknown status", "{\"to\":\"DELETED\"}", 400, "VALIDATION_FAILED", "to");
        body("order:transitionOrder", "no status", "{}", 400, "VALIDATION_FAILED", "to");
        add("order:transitionOrder an unknown order", op("order:transitionOrder"), request("POST", target(op("order:transitionOrder"), null),
                traceId(), Map.of(), "application/json", "{\"to\":\"CANCELLED\"}", "HTTP/1.1"), 404, "ORDER_NOT_FOUND", true);
        body("order:setProductStatus", "an unknown status", "{\"status\":\"GONE\"}", 400, "VALIDATION_FAILED", "status");
        Op product = op("order:setProductStatus");
        add("order:setProductStatus a malformed code", product, request("PUT", "/v1/admin/products/sku!/status", traceId(), Map.of(),
                "application/json", "{\"status\":\"ACTIVE\"}", "HTTP/1.1"), 400, "VALIDATION_FAILED", true);
        add("order:setProductStatus an unknown product", product, request("PUT", "/v1/admin/products/SKU-NOPE-999/status", traceId(), Map.of(),
                "application/json", "{\"status\":\"ACTIVE\"}", "HTTP/1.1"), 404, "UNKNOWN_PRODUCT", true);
        body("order:putScenario", "a wait of P9999999D", "steps:\n  - to: PROCESSING\n    after: P9999999D\n", 400, "INVALID_SCENARIO", null);
        body("order:putScenario", "a move the state machine forbids", "steps:\n  - to: COMPLETED\n", 400, "INVALID_SCENARIO", null);
        body("order:putScenario", "an unknown field", "steps:\n  - to: PROCESSING\nrm: -rf\n", 400, "INVALID_SCENARIO", null);
        body("order:putScenario", "a YAML alias bomb", "a: &a [\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nsteps: [*c]\n", 400,
                "INVALID_SCENARIO", null);
        Op putScenario = op("order:putScenario");
        add("order:putScenario a name with dots", putScenario, request("PUT", "/v1/admin/scenarios/..%2F..%2Fetc", traceId(), Map.of(),
                "application/yaml", "steps:\n  - to: PROCESSING\n", "HTTP/1.1"), 400, "INVALID_PARAMETER", true);
        body("order:setClock", "a time that is not a time", "{\"now\":\"yesterday\"}", 400, "VALIDATION_FAILED", "now");
        body("order:setClock", "a move under the system clock", "{\"now\":\"9999-01-01T00:00:00Z\"}", 409, "CLOCK_NOT_MANUAL", null);
        body("order:advanceClock", "P999999999999D under the system clock", "{\"duration\":\"P999999999999D\"}", 409, "CLOCK_NOT_MANUAL", null);
        body("order:advanceClock", "a duration that is not one", "{\"duration\":\"soon\"}", 400, "VALIDATION_FAILED", "duration");

        // The callback server: signatures, ids and timestamps.
        UUID eventId = UUID.randomUUID();
        UUID reference = UUID.randomUUID();
        String event = "{\"eventId\":\"" + eventId + "\",\"type\":\"order.status_changed\",\"reference\":\"" + reference + "\","
                + "\"status\":\"PROCESSING\",\"previousStatus\":\"CREATED\",\"sequence\":1,\"occurredAt\":\"2026-11-21T10:00:00Z\","
                + "\"order\":{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\","
                + "\"currency\":\"EUR\",\"status\":\"PROCESSING\",\"callbackUrl\":\"http://x.test/cb\",\"createdAt\":\"2026-11-21T10:00:00Z\","
                + "\"updatedAt\":\"2026-11-21T10:00:00Z\",\"history\":[{\"to\":\"CREATED\",\"at\":\"2026-11-21T10:00:00Z\",\"reason\":\"ORDER_ACCEPTED\"}]}}";
        long now = Clock.systemUTC().instant().getEpochSecond();
        Op receive = op("callback:receiveCallback");
        add("callback:receiveCallback a signature that does not verify", receive, request("POST", "/v1/callback", traceId(),
                Map.of("webhook-id", eventId.toString(), "webhook-timestamp", Long.toString(now), "webhook-signature", "v1,AAAA"),
                "application/json", event, "HTTP/1.1"), 401, "SIGNATURE_INVALID", true);
        add("callback:receiveCallback a stale timestamp", receive, request("POST", "/v1/callback", traceId(),
                Map.of("webhook-id", eventId.toString(), "webhook-timestamp", Long.toString(now - 3600),
                        "webhook-signature", SIGNER.sign(eventId.toString(), now - 3600, event)), "application/json", event, "HTTP/1.1"),
                401, "SIGNATURE_EXPIRED", true);
        String other = UUID.randomUUID().toString();
        add("callback:receiveCallback a signed webhook-id other than the eventId", receive, request("POST", "/v1/callback", traceId(),
                Map.of("webhook-id", other, "webhook-timestamp", Long.toString(now), "webhook-signature", SIGNER.sign(other, now, event)),
                "application/json", event, "HTTP/1.1"), 400, "VALIDATION_FAILED", true,
                node -> assertThat(node.get("errors").get(0).get("field").asText()).isEqualTo("webhook-id"));
        add("callback:receiveCallback no signature headers", receive, request("POST", "/v1/callback", traceId(), Map.of(), "application/json",
                event, "HTTP/1.1"), 400, "VALIDATION_FAILED", true);
        add("callback:receiveCallback a timestamp that is not a number", receive, request("POST", "/v1/callback", traceId(),
                Map.of("webhook-id", eventId.toString(), "webhook-timestamp", "noon", "webhook-signature", "v1,AAAA"), "application/json",
                event, "HTTP/1.1"), 400, "VALIDATION_FAILED", true);
        Op check = op("callback:checkCallbacks");
        add("callback:checkCallbacks reference not a UUID", check, request("GET", "/v1/check?reference=x", traceId(), Map.of(), null, null,
                "HTTP/1.1"), 400, "INVALID_PARAMETER", true);
        add("callback:checkCallbacks without reference", check, request("GET", "/v1/check", traceId(), Map.of(), null, null, "HTTP/1.1"),
                400, "VALIDATION_FAILED", true);
        body("callback:addFault", "count 0", "{\"action\":\"DROP\",\"count\":0}", 400, "VALIDATION_FAILED", "count");
        body("callback:addFault", "count 20000", "{\"action\":\"DROP\",\"count\":20000}", 400, "VALIDATION_FAILED", "count");
        body("callback:addFault", "a delay of 10 minutes", "{\"action\":\"DELAY\",\"delayMs\":600000}", 400, "VALIDATION_FAILED", "delayMs");
        body("callback:addFault", "FAIL without a status", "{\"action\":\"FAIL\"}", 400, "VALIDATION_FAILED", "status");
        body("callback:addFault", "FAIL with 200", "{\"action\":\"FAIL\",\"status\":200}", 400, "VALIDATION_FAILED", "status");
        body("callback:addFault", "an unknown action", "{\"action\":\"EXPLODE\"}", 400, "VALIDATION_FAILED", "action");
        Op remove = op("callback:removeFault");
        add("callback:removeFault an id that is not a UUID", remove, request("DELETE", "/v1/admin/faults/abc", traceId(), Map.of(), null, null,
                "HTTP/1.1"), 400, "INVALID_PARAMETER", true);
        add("callback:removeFault an unknown fault", remove, request("DELETE", target(remove, null), traceId(), Map.of(), null, null,
                "HTTP/1.1"), 404, "FAULT_NOT_FOUND", true);

        // No operation applies: the server still answers with a problem.
        for (Service service : new Service[] {Service.ORDER, Service.CALLBACK}) {
            int port = service.port();
            cases.add(new Case("unknown path on " + service, null, service, "GET", "/v1/nope",
                    request("GET", "/v1/nope", traceId(), Map.of(), null, null, "HTTP/1.1"), 404, "RESOURCE_NOT_FOUND", true, n -> { }));
            cases.add(new Case("another protocol version on " + service, null, service, "GET", "/health/live",
                    request("GET", "/health/live", traceId(), Map.of(), null, null, "HTTP/9.9"), 505, "HTTP_VERSION_NOT_SUPPORTED", false, n -> { }));
            cases.add(new Case("a request line that is not HTTP on " + service, null, service, "GET", "/",
                    "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 408, "REQUEST_TIMEOUT", false, n -> { }));
            cases.add(new Case("a header without a colon on " + service, null, service, "GET", "/health/live",
                    "GET /health/live HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 408, "REQUEST_TIMEOUT",
                    false, n -> { }));
            cases.add(new Case("a NUL in the path on " + service, null, service, "GET", "/health/live",
                    request("GET", "/health/live\u0000x", traceId(), Map.of(), null, null, "HTTP/1.1"), 400, "INVALID_PARAMETER", true, n -> { }));
            cases.add(new Case("HTTP/1.1 without Host on " + service, null, service, "GET", "/health/live",
                    ("GET /health/live HTTP/1.1\r\nX-Trace-Id: " + traceId() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), 400,
                    "MALFORMED_REQUEST", false, n -> { }));
        }
    }

    @Test
    void everyHostileRequestGetsItsDocumentedProblemAndThePlatformCarriesOn() throws Exception {
        buildGenericCases();
        buildBodyCases();
        buildSpecificCases();
        Set<String> covered = new TreeSet<>();
        cases.stream().filter(c -> c.op() != null).forEach(c -> covered.add(c.op().id()));
        assertThat(covered).as("every operation of both contracts").isEqualTo(Operations.all());
        assertThat(cases).as("cases").hasSizeGreaterThanOrEqualTo(150);

        List<String> failures = new ArrayList<>();
        Set<String> traceIds = new TreeSet<>();
        for (Case c : cases) {
            try {
                RawHttp.Answer answer = RawHttp.exchange(c.service().port(), c.request());
                String problem = c.name() + " -> " + answer.status() + " " + answer.body();
                assertThat(answer.status()).as(problem).isEqualTo(c.status());
                assertThat(answer.header("Content-Type")).as(problem).startsWith("application/problem+json");
                JsonNode body = JSON.readTree(answer.body());
                if (c.code() != null) {
                    assertThat(body.get("code").asText()).as(problem).isEqualTo(c.code());
                }
                assertThat(body.get("status").asInt()).as(problem).isEqualTo(c.status());
                String traceId = answer.header("X-Trace-Id");
                assertThat(traceId).as(problem + ": X-Trace-Id").isNotBlank();
                assertThat(body.get("traceId").asText()).as(problem).isEqualTo(traceId);
                if (c.echoesTraceId()) {
                    assertThat(traceId).as(problem + ": the caller's trace id").startsWith("hostile-");
                }
                c.check().accept(body);
                if (c.op() != null) {
                    SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status()).withContentType(answer.header("Content-Type"))
                            .withBody(answer.body());
                    answer.headers().forEach(response::withHeader);
                    ValidationReport report = c.service().validator.validateResponse(c.path(), Request.Method.valueOf(c.method()),
                            response.build());
                    assertThat(report.getMessages()).as(problem + ": against the contract").isEmpty();
                }
                traceIds.add(traceId);
            } catch (AssertionError | Exception e) {
                failures.add(c.name() + ": " + e.getMessage());
            }
        }
        failures.forEach(f -> System.out.println("HOSTILE FAILED " + f.replace('\n', ' ')));
        assertThat(failures).as(failures.size() + " of " + cases.size() + " cases").isEmpty();
        System.out.println("HostileInputContractIT: " + cases.size() + " hostile requests to " + covered.size() + " operations, each answered as documented");

        Path accessLog = Path.of(System.getProperty("QWIRE_LOG_DIR", "logs"), "access.log");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String logged = Files.readString(accessLog);
            assertThat(traceIds.stream().filter(id -> !logged.contains("\"traceId\":\"" + id + "\"")).toList())
                    .as("answers without an access-log line").isEmpty();
        });

        afterwardsAnOrderCompletesWithBothCallbacks();
    }

    private static void afterwardsAnOrderCompletesWithBothCallbacks() throws Exception {
        for (int port : new int[] {platform.orderPort(), platform.callbackPort()}) {
            assertThat(RawHttp.exchange(port, request("GET", "/health/ready", null, Map.of(), null, null, "HTTP/1.1")).status()).isEqualTo(200);
        }
        RawHttp.Answer created = RawHttp.exchange(platform.orderPort(), request("POST", "/v1/order", null, Map.of(), "application/json",
                ORDER_BODY, "HTTP/1.1"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String reference = JSON.readTree(created.body()).get("reference").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode check = JSON.readTree(RawHttp.exchange(platform.callbackPort(),
                    request("GET", "/v1/check?reference=" + reference, null, Map.of(), null, null, "HTTP/1.1")).body());
            assertThat(check.get("events").findValuesAsText("status")).contains("PROCESSING", "COMPLETED");
        });
    }
}
