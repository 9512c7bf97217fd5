package com.qwire.mock.contract;

import com.qwire.mock.client.order.ApiClient;
import com.qwire.mock.client.order.ApiException;
import com.qwire.mock.client.order.ApiResponse;
import com.qwire.mock.client.order.api.OrdersApi;
import com.qwire.mock.client.order.model.CreateOrderRequest;
import com.qwire.mock.client.order.model.Order;
import com.qwire.mock.client.order.model.OrderStatus;
import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a consumer team does: depend on the generated client, create an order, read it back. */
class OrderClientConsumerIT {
    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform();
    private static OrdersApi orders;

    @BeforeAll
    static void connect() {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://127.0.0.1:" + platform.orderPort() + "/v1");
        orders = new OrdersApi(client);
    }

    @Test
    void generatedClientCreatesAndFetchesAnOrder() throws ApiException {
        UUID reference = UUID.randomUUID();
        CreateOrderRequest request = new CreateOrderRequest()
                .reference(reference).productCode("SKU-BOOK-001").quantity(3).amount("12.50").currency("EUR")
                .customerId("consumer-1").metadata(Map.of("suite", "consumer"));

        ApiResponse<Order> created = orders.createOrderWithHttpInfo(request, "consumer-trace-1", "stuck");
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

        ApiResponse<Order> replay = orders.createOrderWithHttpInfo(request, null, null);
        assertThat(replay.getStatusCode()).isEqualTo(200);
        assertThat(replay.getHeaders().get("idempotent-replayed")).containsExactly("true");
    }

    @Test
    void problemsReachTheConsumerAsApiExceptionsWithTheProblemBody() {
        CreateOrderRequest request = new CreateOrderRequest().productCode("SKU-FAX-004").quantity(1).amount("1.00").currency("EUR");
        ApiException e = catchThrowableOfType(ApiException.class, () -> orders.createOrder(request, null, null));
        assertThat(e.getCode()).isEqualTo(422);
        assertThat(e.getResponseBody()).contains("\"code\":\"PRODUCT_NOT_ORDERABLE\"").contains("\"traceId\"");
    }
}
