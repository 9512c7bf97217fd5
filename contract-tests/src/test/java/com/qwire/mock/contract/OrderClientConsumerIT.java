package com.qwire.mock.contract;

import com.qwire.mock.client.order.ApiClient;
import com.qwire.mock.client.order.ApiException;
import com.qwire.mock.client.order.ApiResponse;
import com.qwire.mock.client.order.api.AdminApi;
import com.qwire.mock.client.order.api.HealthApi;
import com.qwire.mock.client.order.api.OrdersApi;
import com.qwire.mock.client.order.model.CallbackDelivery;
import com.qwire.mock.client.order.model.CheckStatus;
import com.qwire.mock.client.order.model.ClockAdvance;
import com.qwire.mock.client.order.model.ClockSet;
import com.qwire.mock.client.order.model.ClockState;
import com.qwire.mock.client.order.model.CreateOrderRequest;
import com.qwire.mock.client.order.model.DeliveryStatus;
import com.qwire.mock.client.order.model.ManualTransition;
import com.qwire.mock.client.order.model.Order;
import com.qwire.mock.client.order.model.OrderStatus;
import com.qwire.mock.client.order.model.ProductStatus;
import com.qwire.mock.client.order.model.ProductStatusChange;
import com.qwire.mock.client.order.model.Scenario;
import com.qwire.mock.client.order.model.ScenarioDefinition;
import com.qwire.mock.client.order.model.ScenarioStep;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a consumer team does: depend on the generated client and drive the order service with it,
 * every operation of order_server.yaml, a success and a documented error each. A mismatch between
 * what the generator sends and what the server accepts fails here.
 */
class OrderClientConsumerIT {
    private static final String BAD_TRACE_ID = "not a trace id!";
    private static final OperationLog calls = new OperationLog(Contracts.ORDER_SPEC);
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_CLOCK", "manual", "QWIRE_CLOCK_START", "2026-06-01T12:00:00Z", "QWIRE_CALLBACK_URL", receiver.url()));
    private static OrdersApi orders;
    private static AdminApi admin;
    private static HealthApi health;

    @BeforeAll
    static void connect() {
        ApiClient api = new ApiClient();
        api.updateBaseUri("http://127.0.0.1:" + platform.orderPort() + "/v1");
        api.setResponseInterceptor(calls::record);
        orders = new OrdersApi(api);
        admin = new AdminApi(api);
        // The probes live at the root, outside /v1 (their own servers entry in the contract).
        ApiClient root = new ApiClient();
        root.updateBaseUri("http://127.0.0.1:" + platform.orderPort());
        root.setResponseInterceptor(calls::record);
        health = new HealthApi(root);
    }

    @AfterAll
    static void everyOperationWasCalledBothWays() {
        calls.assertEveryOperationAnsweredBothWays();
    }

    private static CreateOrderRequest request(UUID reference) {
        return new CreateOrderRequest().reference(reference).productCode("SKU-BOOK-001").quantity(3).amount("12.50").currency("EUR")
                .customerId("consumer-1").metadata(Map.of("suite", "consumer"));
    }

    private static ApiException refused(OperationLog.ClientCall call) {
        return OperationLog.refused(ApiException.class, call);
    }

    @Test
    void generatedClientCreatesAndFetchesAnOrder() throws ApiException {
        UUID reference = UUID.randomUUID();
        ApiResponse<Order> created = orders.createOrderWithHttpInfo(OrdersApi.APICreateOrderRequest.newBuilder()
                .createOrderRequest(request(reference)).xTraceId("consumer-trace-1").xMockScenario("stuck").build());
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(created.getHeaders().get("x-trace-id")).containsExactly("consumer-trace-1");
        assertThat(created.getData().getReference()).isEqualTo(reference);
        assertThat(created.getData().getStatus()).isEqualTo(OrderStatus.CREATED);
        assertThat(created.getData().getScenario()).isEqualTo("stuck");

        Order fetched = orders.getOrder(reference, null);
        assertThat(fetched.getAmount()).isEqualTo("12.50");
        assertThat(fetched.getQuantity()).isEqualTo(3);
        assertThat(fetched.getMetadata()).containsEntry("suite", "consumer");
        assertThat(fetched.getHistory()).singleElement().satisfies(h -> assertThat(h.getTo()).isEqualTo(OrderStatus.CREATED));
        assertThat(fetched.getCreatedAt()).isEqualTo(created.getData().getCreatedAt());

        ApiResponse<Order> replay = orders.createOrderWithHttpInfo(request(reference));
        assertThat(replay.getStatusCode()).isEqualTo(200);
        assertThat(replay.getHeaders().get("idempotent-replayed")).containsExactly("true");

        assertThat(refused(() -> orders.getOrder(UUID.randomUUID(), null)).getCode()).isEqualTo(404);
    }

    @Test
    void problemsReachTheConsumerAsApiExceptionsWithTheProblemBody() {
        CreateOrderRequest request = new CreateOrderRequest().productCode("SKU-FAX-004").quantity(1).amount("1.00").currency("EUR");
        ApiException e = refused(() -> orders.createOrder(request));
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getResponseBody()).contains("\"code\":\"PRODUCT_NOT_ORDERABLE\"").contains("\"traceId\"");
    }

    @Test
    void theClockMovesThroughTheClientAndOrdersFollowItWithTheirCallbacks() throws ApiException {
        ClockState before = admin.getClock();
        assertThat(before.getMode().getValue()).isEqualTo("MANUAL");
        UUID reference = orders.createOrder(OrdersApi.APICreateOrderRequest.newBuilder()
                .createOrderRequest(request(UUID.randomUUID())).xMockScenario("happy").build()).getReference();

        ClockState advanced = admin.advanceClock(new ClockAdvance().duration("PT10M"), null);
        assertThat(advanced.getNow()).isAfter(before.getNow());
        ClockState set = admin.setClock(new ClockSet().now(advanced.getNow().plusMinutes(1)), null);
        assertThat(set.getNow()).isEqualTo(advanced.getNow().plusMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> receiver.receivedFor(reference.toString()).size() >= 2);

        List<CallbackDelivery> delivered = admin.listCallbacks(AdminApi.APIListCallbacksRequest.newBuilder()
                .reference(reference).status(DeliveryStatus.DELIVERED).build()).getEvents();
        assertThat(delivered).hasSizeGreaterThanOrEqualTo(1);
        CallbackDelivery again = admin.redeliverCallback(delivered.get(0).getEventId(), null);
        assertThat(again.getStatus()).isEqualTo(DeliveryStatus.PENDING);

        assertThat(refused(() -> admin.setClock(new ClockSet().now(before.getNow()), null)).getCode()).as("backwards").isEqualTo(409);
        assertThat(refused(() -> admin.advanceClock(new ClockAdvance().duration("10 minutes"), null)).getCode()).isEqualTo(400);
        assertThat(refused(() -> admin.getClock(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        assertThat(refused(() -> admin.listCallbacks(AdminApi.APIListCallbacksRequest.newBuilder().xTraceId(BAD_TRACE_ID).reference(reference).build())).getCode()).isEqualTo(400);
        assertThat(refused(() -> admin.redeliverCallback(UUID.randomUUID(), null)).getCode()).isEqualTo(404);

        // The dashboard's lists, through the client too: a page of one, the counts, and their refusals.
        var page = admin.listOrders(AdminApi.APIListOrdersRequest.newBuilder().reference(reference).limit(1).build());
        assertThat(page.getOrders()).singleElement().satisfies(o -> assertThat(o.getReference()).isEqualTo(reference));
        assertThat(page.getNextCursor()).isNull();
        assertThat(admin.getSummary().getOrders()).isPositive();
        assertThat(refused(() -> admin.listOrders(AdminApi.APIListOrdersRequest.newBuilder().cursor("not-a-cursor").build())).getCode())
                .isEqualTo(400);
        assertThat(refused(() -> admin.getSummary(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
    }

    @Test
    void ordersAndProductsAreMovedByHand() throws ApiException {
        UUID reference = orders.createOrder(OrdersApi.APICreateOrderRequest.newBuilder()
                .createOrderRequest(request(UUID.randomUUID())).xMockScenario("stuck").build()).getReference();
        Order cancelled = admin.transitionOrder(reference, new ManualTransition().to(OrderStatus.CANCELLED).reason("CANCELLED_BY_SUPPORT"), null);
        assertThat(cancelled.getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(refused(() -> admin.transitionOrder(reference, new ManualTransition().to(OrderStatus.PROCESSING), null)).getCode())
                .isEqualTo(409);
        assertThat(refused(() -> admin.transitionOrder(UUID.randomUUID(), new ManualTransition().to(OrderStatus.CANCELLED), null))
                .getCode()).isEqualTo(404);

        // SKU-GPU-003 starts OUT_OF_STOCK (seed data) and is put back so.
        assertThat(admin.setProductStatus("SKU-GPU-003", new ProductStatusChange().status(ProductStatus.ACTIVE), null).getStatus())
                .isEqualTo(ProductStatus.ACTIVE);
        assertThat(admin.setProductStatus("SKU-GPU-003", new ProductStatusChange().status(ProductStatus.OUT_OF_STOCK), null).getStatus())
                .isEqualTo(ProductStatus.OUT_OF_STOCK);
        assertThat(refused(() -> admin.setProductStatus("SKU-NONE-999", new ProductStatusChange().status(ProductStatus.ACTIVE), null))
                .getCode()).isEqualTo(404);
    }

    @Test
    void scenariosAreListedAndDefinedThroughTheClient() throws ApiException {
        assertThat(admin.listScenarios().getScenarios()).extracting(Scenario::getName).contains("happy", "stuck");
        String name = "consumer-" + UUID.randomUUID().toString().substring(0, 8);
        Scenario defined = admin.putScenario(name, new ScenarioDefinition().steps(List.of(new ScenarioStep().to(OrderStatus.REJECTED))), null);
        assertThat(defined.getName()).isEqualTo(name);
        assertThat(refused(() -> admin.putScenario(name, new ScenarioDefinition().steps(List.of(new ScenarioStep().to(OrderStatus.COMPLETED))),
                null)).getCode()).as("CREATED cannot move to COMPLETED").isEqualTo(400);
        assertThat(refused(() -> admin.listScenarios(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
    }

    @Test
    void probesAndResetThroughTheClient() throws ApiException {
        assertThat(health.getLiveness().getStatus()).isEqualTo(CheckStatus.UP);
        assertThat(health.getReadiness().getStatus()).isEqualTo(CheckStatus.UP);
        assertThat(refused(() -> health.getLiveness(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        assertThat(refused(() -> health.getReadiness(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        assertThat(health.getMetrics()).contains("qwire_build_info{").contains("qwire_outbox_events{");
        assertThat(refused(() -> health.getMetrics(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        assertThat(refused(() -> admin.resetOrders(Map.of("X-Trace-Id", BAD_TRACE_ID))).getCode()).isEqualTo(400);
        assertThat(admin.resetOrders().getOrders()).isGreaterThanOrEqualTo(0);
    }
}
