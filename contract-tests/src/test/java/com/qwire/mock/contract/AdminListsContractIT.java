package com.qwire.mock.contract;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** GET /v1/admin/orders, the journal's pages and GET /v1/admin/summary: every filter, the cursor, its refusals. */
class AdminListsContractIT {
    private static final OpenApiValidationFilter STRICT = Contracts.strict(Contracts.ORDER_SPEC);
    private static final OpenApiValidationFilter RESPONSES_ONLY = Contracts.responsesOnly(Contracts.ORDER_SPEC);
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    // Two attempts, a minute apart: an unreachable target stays RETRYING for the test, a refused one dies fast enough.
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_PROCESSING_DELAY_MS", "50", "QWIRE_COMPLETION_DELAY_MS", "50", "QWIRE_CALLBACK_MAX_ATTEMPTS", "2",
            "QWIRE_CALLBACK_INITIAL_BACKOFF_MS", "60000", "QWIRE_CALLBACK_MAX_BACKOFF_MS", "60000"));

    /** The orders left retrying against unreachable targets would call from the next suite's platform. */
    @org.junit.jupiter.api.AfterAll
    static void leaveNoRetryingCallbacks() {
        api(STRICT).when().post("/admin/reset").then().statusCode(200);
    }

    private static RequestSpecification api(OpenApiValidationFilter filter) {
        return given().port(platform.orderPort()).basePath("/v1").filter(filter);
    }

    private static String create(String customer, String product, String scenario, String trace, String callbackUrl) {
        return api(STRICT).contentType("application/json").header("X-Trace-Id", trace)
                .body("{\"productCode\":\"" + product + "\",\"quantity\":1,\"amount\":\"2.00\",\"currency\":\"EUR\",\"customerId\":\""
                        + customer + "\"" + (scenario == null ? "" : ",\"scenario\":\"" + scenario + "\"")
                        + ",\"callbackUrl\":\"" + callbackUrl + "\"}")
                .when().post("/order").then().statusCode(201).extract().path("reference");
    }

    /** Every page of the list under {@code query}, following nextCursor; each page is checked against the contract. */
    private static List<Map<String, Object>> walk(String path, String items, int limit, UnaryOperator<RequestSpecification> query) {
        List<Map<String, Object>> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            RequestSpecification request = query.apply(api(STRICT)).queryParam("limit", limit);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.when().get(path).then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> got = page.getList(items);
            assertThat(got.size()).isLessThanOrEqualTo(limit);
            all.addAll(got);
            cursor = page.getString("nextCursor");
            if (cursor == null) {
                return all;
            }
            assertThat(got).hasSize(limit);
        }
        throw new AssertionError("more than 1000 pages");
    }

    private static List<String> references(List<Map<String, Object>> orders) {
        return orders.stream().map(o -> (String) o.get("reference")).toList();
    }

    @Test
    void pagesFollowTheCursorNewestFirstWithoutGapsOrRepeats() {
        String customer = "pages-" + UUID.randomUUID();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create(customer, "SKU-BOOK-001", "stuck", "pages-" + i, receiver.url()));
        }
        List<Map<String, Object>> listed = walk("/admin/orders", "orders", 3, r -> r.queryParam("customerId", customer));
        assertThat(references(listed)).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        // Newest first: by creation time, then by reference, both descending.
        List<Map<String, Object>> sorted = new ArrayList<>(listed);
        sorted.sort(Comparator.<Map<String, Object>, Instant>comparing(o -> Instant.parse((String) o.get("createdAt")))
                .thenComparing(o -> (String) o.get("reference")).reversed());
        assertThat(references(listed)).containsExactlyElementsOf(references(sorted));
        assertThat(walk("/admin/orders", "orders", 7, r -> r.queryParam("customerId", customer))).hasSize(7);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFilterNarrowsTheListAndFiltersCombine() {
        String customer = "filters-" + UUID.randomUUID();
        String trace = "filters-" + UUID.randomUUID().toString().substring(0, 8);
        String book = create(customer, "SKU-BOOK-001", "stuck", trace, receiver.url());
        String pen = create(customer, "SKU-MUG-005", "stuck", "other-" + trace, receiver.url());
        String happy = create(customer, "SKU-MUG-005", null, "third-" + trace, receiver.url());
        api(STRICT).contentType("application/json").body("{\"to\":\"CANCELLED\"}").when().post("/admin/orders/" + pen + "/transition")
                .then().statusCode(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "COMPLETED".equals(api(STRICT).queryParam("reference", happy)
                .when().get("/order").then().extract().path("status")));

        assertThat(references(walk("/admin/orders", "orders", 50, r -> r.queryParam("customerId", customer))))
                .containsExactlyInAnyOrder(book, pen, happy);
        assertThat(references(walk("/admin/orders", "orders", 50, r -> r.queryParam("customerId", customer).queryParam("status", "CANCELLED"))))
                .containsExactly(pen);
        assertThat(references(walk("/admin/orders", "orders", 50, r -> r.queryParam("customerId", customer).queryParam("scenario", "stuck"))))
                .containsExactlyInAnyOrder(book, pen);
        assertThat(references(walk("/admin/orders", "orders", 50, r -> r.queryParam("customerId", customer).queryParam("productCode", "SKU-MUG-005"))))
                .containsExactlyInAnyOrder(pen, happy);
        assertThat(references(walk("/admin/orders", "orders", 50, r -> r.queryParam("traceId", trace)))).containsExactly(book);
        assertThat(references(walk("/admin/orders", "orders", 50, r -> r.queryParam("reference", happy)))).containsExactly(happy);
        assertThat(walk("/admin/orders", "orders", 50, r -> r.queryParam("reference", happy).queryParam("status", "CREATED"))).isEmpty();

        Map<String, Object> row = walk("/admin/orders", "orders", 50, r -> r.queryParam("reference", book)).get(0);
        assertThat(row).containsEntry("customerId", customer).containsEntry("productCode", "SKU-BOOK-001")
                .containsEntry("scenario", "stuck").containsEntry("traceId", trace).containsEntry("status", "CREATED")
                .doesNotContainKey("nextStep");
        assertThat((List<String>) row.get("manualTargets")).containsExactly("PROCESSING", "FAILED", "REJECTED", "CANCELLED");
        assertThat((List<String>) walk("/admin/orders", "orders", 50, r -> r.queryParam("reference", happy)).get(0).get("manualTargets"))
                .isEmpty();
        // The slow scenario starts processing 2 to 5 s after creation: that is the planned next step.
        Instant before = Instant.now();
        String slow = create(customer, "SKU-BOOK-001", "slow", "slow-" + trace, receiver.url());
        Map<String, Object> next = (Map<String, Object>) walk("/admin/orders", "orders", 50, r -> r.queryParam("reference", slow))
                .get(0).get("nextStep");
        assertThat(next).containsEntry("to", "PROCESSING");
        assertThat(Instant.parse((String) next.get("dueAt"))).isBetween(before.plusSeconds(1), before.plusSeconds(7));
    }

    @Test
    void eachRowSumsUpItsCallbacksAsDeliveredRetryingOrDead() {
        String customer = "callbacks-" + UUID.randomUUID();
        String delivered = create(customer, "SKU-BOOK-001", null, "cb-delivered", receiver.url());
        String retrying = create(customer, "SKU-BOOK-001", null, "cb-retrying", "http://127.0.0.1:9/unreachable");
        // A 4xx other than 408/429 is a dead letter at once (specs/callback-policy.md): the callback server has no such path.
        String dead = create(customer, "SKU-BOOK-001", null, "cb-dead", "http://127.0.0.1:" + platform.callbackPort() + "/v1/nowhere");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Map<String, Object>> byRef = new java.util.HashMap<>();
            walk("/admin/orders", "orders", 50, r -> r.queryParam("customerId", customer))
                    .forEach(o -> byRef.put((String) o.get("reference"), (Map<String, Object>) o.get("callbacks")));
            assertThat(byRef.get(delivered)).containsEntry("state", "DELIVERED").containsEntry("delivered", 2).containsEntry("pending", 0);
            // Both events fail; each waits a minute for its second attempt.
            assertThat(byRef.get(retrying)).containsEntry("state", "RETRYING").containsEntry("retrying", 2).containsEntry("pending", 2);
            assertThat(byRef.get(dead)).containsEntry("state", "DEAD_LETTER").containsEntry("deadLetter", 2).containsEntry("pending", 0);
        });
        String stuck = create(customer, "SKU-BOOK-001", "stuck", "cb-none", receiver.url());
        assertThat(walk("/admin/orders", "orders", 50, r -> r.queryParam("reference", stuck)).get(0).get("callbacks"))
                .isEqualTo(Map.of("state", "NONE", "pending", 0, "retrying", 0, "inFlight", 0, "delivered", 0, "deadLetter", 0));
    }

    @Test
    void theJournalPagesByCursorToo() {
        String customer = "journal-" + UUID.randomUUID();
        List<String> references = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            references.add(create(customer, "SKU-BOOK-001", null, "journal-" + i, receiver.url()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> references.stream().allMatch(ref ->
                walk("/admin/callbacks", "events", 500, r -> r.queryParam("reference", ref)).size() == 2));
        for (String reference : references) {
            List<Map<String, Object>> one = walk("/admin/callbacks", "events", 1, r -> r.queryParam("reference", reference));
            assertThat(one).extracting(e -> e.get("sequence")).containsExactly(2, 1);
        }
        List<Map<String, Object>> all = walk("/admin/callbacks", "events", 2, r -> r);
        assertThat(all.stream().map(e -> (String) e.get("eventId")).toList()).doesNotHaveDuplicates();
        assertThat(all.stream().filter(e -> references.contains((String) e.get("reference")))).hasSize(6);
        assertThat(all).extracting(e -> Instant.parse((String) e.get("createdAt")))
                .isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void cursorsThisListDidNotIssueAndOutOfRangeLimitsAre400() {
        String customer = "cursor-" + UUID.randomUUID();
        create(customer, "SKU-BOOK-001", "stuck", "cursor-1", receiver.url());
        create(customer, "SKU-BOOK-001", "stuck", "cursor-2", receiver.url());
        String ordersCursor = api(STRICT).queryParam("customerId", customer).queryParam("limit", 1).when().get("/admin/orders")
                .then().statusCode(200).extract().path("nextCursor");
        String journalCursor = api(STRICT).queryParam("limit", 1).when().get("/admin/callbacks")
                .then().statusCode(200).extract().path("nextCursor");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("o1|yesterday|x".getBytes());
        for (String bad : List.of("not a cursor!", "%%%", forged, journalCursor, ordersCursor.substring(0, ordersCursor.length() - 3))) {
            api(RESPONSES_ONLY).queryParam("cursor", bad).when().get("/admin/orders")
                    .then().statusCode(400).body("code", equalTo("INVALID_PARAMETER")).body("errors[0].field", equalTo("cursor"));
        }
        api(RESPONSES_ONLY).queryParam("cursor", ordersCursor).when().get("/admin/callbacks")
                .then().statusCode(400).body("code", equalTo("INVALID_PARAMETER")).body("errors[0].field", equalTo("cursor"));
        for (String limit : List.of("0", "201", "many")) {
            api(RESPONSES_ONLY).queryParam("limit", limit).when().get("/admin/orders")
                    .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        }
        api(RESPONSES_ONLY).queryParam("status", "LOST").when().get("/admin/orders")
                .then().statusCode(400).body("code", equalTo("INVALID_PARAMETER")).body("errors[0].field", equalTo("status"));
        api(RESPONSES_ONLY).queryParam("traceId", "not a trace id!").when().get("/admin/orders")
                .then().statusCode(400).body("errors[0].field", equalTo("traceId"));
        api(STRICT).queryParam("customerId", "nobody-" + UUID.randomUUID()).when().get("/admin/orders")
                .then().statusCode(200).body("orders.size()", equalTo(0)).body("nextCursor", nullValue());
    }

    @Test
    void theSummaryCountsEveryOrderAndCallbackByStatus() {
        create("summary-" + UUID.randomUUID(), "SKU-BOOK-001", "stuck", "summary-1", receiver.url());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            int listed = walk("/admin/orders", "orders", 200, r -> r).size();
            long events = walk("/admin/callbacks", "events", 500, r -> r).size();
            JsonPath summary = api(STRICT).when().get("/admin/summary").then().statusCode(200).extract().jsonPath();
            assertThat(summary.getLong("orders")).isEqualTo(listed);
            Map<String, Integer> byStatus = summary.getMap("ordersByStatus");
            assertThat(byStatus).containsOnlyKeys("CREATED", "PROCESSING", "COMPLETED", "FAILED", "REJECTED", "CANCELLED");
            assertThat(byStatus.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(listed);
            Map<String, Integer> callbacks = summary.getMap("callbacksByStatus");
            assertThat(callbacks).containsOnlyKeys("PENDING", "IN_FLIGHT", "DELIVERED", "DEAD_LETTER");
            assertThat(callbacks.values().stream().mapToLong(Integer::longValue).sum()).isEqualTo(events);
        });
    }
}
