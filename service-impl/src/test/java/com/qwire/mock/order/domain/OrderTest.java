package com.qwire.mock.order.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    private static Order accepted() {
        NewOrder request = new NewOrder(null, "SKU-BOOK-001", 1, BigDecimal.TEN, "EUR", null, null, "happy", null);
        return Order.accept(request, UUID.fromString("00000000-0000-4000-8000-000000000001"), "http://cb.test/x", "trace-1", T0, Plan.NONE);
    }

    @Test
    void acceptedOrderStartsCreatedWithOneHistoryEntryWithoutFrom() {
        Order order = accepted();
        assertThat(order.status()).isEqualTo(OrderStatus.CREATED);
        assertThat(order.history()).containsExactly(new StatusChange(null, OrderStatus.CREATED, T0, "ORDER_ACCEPTED"));
        assertThat(order.createdAt()).isEqualTo(order.updatedAt()).isEqualTo(T0);
        assertThat(order.callbackUrl()).isEqualTo("http://cb.test/x");
        assertThat(order.traceId()).isEqualTo("trace-1");
    }

    @Test
    void allowedTransitionAppendsHistoryAndMovesUpdatedAt() {
        Order order = accepted();
        Instant t1 = T0.plusSeconds(1);
        order.transitionTo(OrderStatus.PROCESSING, "PROCESSING_STARTED", t1);
        assertThat(order.status()).isEqualTo(OrderStatus.PROCESSING);
        assertThat(order.updatedAt()).isEqualTo(t1);
        assertThat(order.history()).last().isEqualTo(new StatusChange(OrderStatus.CREATED, OrderStatus.PROCESSING, t1, "PROCESSING_STARTED"));
    }

    @Test
    void forbiddenTransitionIsRefusedAndChangesNothing() {
        Order order = accepted();
        assertThatThrownBy(() -> order.transitionTo(OrderStatus.COMPLETED, "SKIP", T0.plusSeconds(1)))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("CREATED").hasMessageContaining("COMPLETED");
        assertThat(order.status()).isEqualTo(OrderStatus.CREATED);
        assertThat(order.history()).hasSize(1);
    }

    @Test
    void terminalStatusHasNoWayOut() {
        Order order = accepted();
        order.transitionTo(OrderStatus.CANCELLED, "BY_CALLER", T0.plusSeconds(1));
        for (OrderStatus target : OrderStatus.values()) {
            assertThatThrownBy(() -> order.transitionTo(target, "AGAIN", T0.plusSeconds(2))).isInstanceOf(IllegalTransitionException.class);
        }
    }
}
