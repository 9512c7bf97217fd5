package com.qwire.mock.order.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A callback to deliver: written to the outbox in the same transaction as the status change.
 * {@code payload} is the exact body that will be signed and sent on every attempt. The first attempt is
 * due at {@code dueAt} (a scenario may postpone it); {@code extraDeliveries} more deliveries of the same
 * event follow a successful one (a scenario's duplicate).
 */
public record CallbackEvent(UUID eventId, UUID reference, long sequence, String type, OrderStatus orderStatus,
                            String payload, String targetUrl, String traceId, Instant createdAt, Instant dueAt,
                            int extraDeliveries) {
    public static final String STATUS_CHANGED = "order.status_changed";
}
