package com.qwire.mock.order.domain;

import com.qwire.mock.shared.random.RandomSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What happens to an accepted order, and when: CREATED → PROCESSING after the processing delay,
 * then PROCESSING → COMPLETED after the completion delay; an order for an out-of-stock product
 * goes CREATED → FAILED instead.
 */
public final class OrderTimeline {
    private final Duration processingDelay;
    private final Duration completionDelay;
    private final RandomSource random;

    public OrderTimeline(Duration processingDelay, Duration completionDelay, RandomSource random) {
        this.processingDelay = processingDelay;
        this.completionDelay = completionDelay;
        this.random = random;
    }

    public DueTransition first(Order order, Product product, Instant acceptedAt) {
        return product.status() == ProductStatus.OUT_OF_STOCK
                ? new DueTransition(random.uuid(), order.reference(), OrderStatus.FAILED, "OUT_OF_STOCK", acceptedAt.plus(processingDelay))
                : new DueTransition(random.uuid(), order.reference(), OrderStatus.PROCESSING, "PROCESSING_STARTED", acceptedAt.plus(processingDelay));
    }

    /** The step after {@code order} reached its current status at {@code reachedAt}, if any. */
    public Optional<DueTransition> next(Order order, Instant reachedAt) {
        if (order.status() == OrderStatus.PROCESSING) {
            return Optional.of(new DueTransition(random.uuid(), order.reference(), OrderStatus.COMPLETED, "PROCESSING_SUCCEEDED",
                    reachedAt.plus(completionDelay)));
        }
        return Optional.empty();
    }
}
