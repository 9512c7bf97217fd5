package com.qwire.mock.order.api;

import com.qwire.mock.api.order.model.CreateOrderRequest;
import com.qwire.mock.order.domain.NewOrder;
import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OrderMapperTest {

    @Test
    void requestFieldsReachTheDomainUnchanged() {
        UUID reference = UUID.randomUUID();
        CreateOrderRequest dto = new CreateOrderRequest("SKU-BOOK-001", 3, "7.5", "EUR")
                .reference(reference).customerId("c-9").callbackUrl("http://cb.test/h").scenario("happy").metadata(Map.of("k", "v"));
        NewOrder order = OrderMapper.toNewOrder(dto);
        assertThat(order.reference()).isEqualTo(reference);
        assertThat(order.amount()).isEqualByComparingTo(new BigDecimal("7.50"));
        assertThat(order.quantity()).isEqualTo(3);
        assertThat(order.callbackUrl()).isEqualTo("http://cb.test/h");
        assertThat(order.scenario()).isEqualTo("happy");
        assertThat(order.metadata()).containsExactly(Map.entry("k", "v"));
    }

    @Test
    void orderIsAnsweredWithTwoDecimalAmountUtcTimesAndHistoryWithoutFirstFrom() {
        Instant t0 = Instant.parse("2026-11-21T10:00:00.120Z");
        Order order = Order.accept(new NewOrder(null, "SKU-BOOK-001", 1, new BigDecimal("7.5"), "EUR", null, null, null, Map.of()),
                UUID.fromString("00000000-0000-4000-8000-000000000002"), "http://cb.test/h", "trace", t0, com.qwire.mock.order.domain.Plan.NONE);
        order.transitionTo(OrderStatus.PROCESSING, "PROCESSING_STARTED", t0.plusMillis(5));

        var dto = OrderMapper.toDto(order);
        assertThat(dto.getAmount()).isEqualTo("7.50");
        assertThat(dto.getCreatedAt()).isEqualTo(OffsetDateTime.parse("2026-11-21T10:00:00.120Z"));
        assertThat(dto.getCreatedAt().getOffset().getTotalSeconds()).isZero();
        assertThat(dto.getStatus().toString()).isEqualTo("PROCESSING");
        assertThat(dto.getHistory()).hasSize(2);
        assertThat(dto.getHistory().get(0).getFrom()).isNull();
        assertThat(dto.getHistory().get(1).getFrom().toString()).isEqualTo("CREATED");
        assertThat(dto.getMetadata()).as("empty metadata is omitted").isNull();
        assertThat(dto.getCustomerId()).isNull();
    }

    /** The direct snapshot mapping says exactly what converting the GET answer to the snapshot DTO says. */
    @Test
    void aCallbackSnapshotIsTheOrderAsAnsweredWithoutItsDeliveryState() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = com.qwire.mock.shared.http.JsonMapper.create();
        Instant t0 = Instant.parse("2026-11-21T10:00:00.120Z");
        for (NewOrder request : java.util.List.of(
                new NewOrder(null, "SKU-BOOK-001", 2, new BigDecimal("1234.5"), "JPY", "cust-1", null, "happy",
                        new java.util.LinkedHashMap<>(Map.of("z", "last", "a", "first"))),
                new NewOrder(null, "SKU-BOOK-001", 1, new BigDecimal("7.5"), "EUR", null, null, null, Map.of()))) {
            Order order = Order.accept(request, UUID.randomUUID(), "http://cb.test/h?x=1", "trace", t0, com.qwire.mock.order.domain.Plan.NONE);
            order.transitionTo(OrderStatus.PROCESSING, "PROCESSING_STARTED", t0.plusMillis(5));
            order.transitionTo(OrderStatus.COMPLETED, "PROCESSING_SUCCEEDED", t0.plusMillis(9));

            String direct = json.writeValueAsString(OrderMapper.toSnapshot(order));
            String converted = json.writeValueAsString(json.convertValue(OrderMapper.toDto(order),
                    com.qwire.mock.api.callback.model.OrderSnapshot.class));
            assertThat(direct).isEqualTo(converted);
            assertThat(json.readTree(direct).has("metadata")).as("sent even when empty").isTrue();
            assertThat(json.readTree(direct).path("history").size()).isEqualTo(3);
        }
    }
}
