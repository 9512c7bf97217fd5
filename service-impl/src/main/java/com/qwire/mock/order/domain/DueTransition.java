package com.qwire.mock.order.domain;

import java.time.Instant;
import java.util.UUID;

/** A status change an order is scheduled to make at {@code dueAt}; stored, so it survives restarts. */
public record DueTransition(UUID id, UUID reference, OrderStatus target, String reason, Instant dueAt) {
}
