package com.qwire.mock.order.domain;

import java.time.Instant;

/** One entry of an order's history; {@code from} is null for the entry that created the order. */
public record StatusChange(OrderStatus from, OrderStatus to, Instant at, String reason) {
}
