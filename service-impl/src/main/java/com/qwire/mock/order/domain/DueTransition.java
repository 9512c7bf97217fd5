package com.qwire.mock.order.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A status change an order is scheduled to make at {@code dueAt}; stored, so it survives restarts.
 * {@code step} is its index in the order's {@link Plan}, or {@link #NO_STEP} (an out-of-stock failure).
 */
public record DueTransition(UUID id, UUID reference, OrderStatus target, String reason, Instant dueAt, int step) {
    public static final int NO_STEP = -1;
}
