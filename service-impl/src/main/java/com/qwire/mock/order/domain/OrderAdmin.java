package com.qwire.mock.order.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/** Test control by hand: move an order or a product through its state machine now. */
public final class OrderAdmin {
    public static final String DEFAULT_REASON = "MANUAL";

    private final OrderRepository orders;
    private final TimelineStore timeline;
    private final StatusChanges changes;
    private final ProductCatalog products;
    private final CallbackOutbox callbacks;
    private final Clock clock;
    private final Runnable onEvents;
    private final ApiFaults apiFaults;
    private final Optional<Runnable> resetReceiver;
    private final OrderMetrics metrics;

    /** {@code resetReceiver}: the callback server's reset when it runs in this process. */
    public OrderAdmin(OrderRepository orders, TimelineStore timeline, StatusChanges changes, ProductCatalog products,
                      CallbackOutbox callbacks, Clock clock, Runnable onEvents, ApiFaults apiFaults, Optional<Runnable> resetReceiver,
                      OrderMetrics metrics) {
        this.metrics = metrics;
        this.apiFaults = apiFaults;
        this.orders = orders;
        this.timeline = timeline;
        this.changes = changes;
        this.products = products;
        this.callbacks = callbacks;
        this.clock = clock;
        this.onEvents = onEvents;
        this.resetReceiver = resetReceiver;
    }

    /**
     * Test isolation: forgets every order and the scenario faults' per-reference counts (products and scenarios
     * stay), and the in-process receiver's records.
     */
    public Reset reset() {
        OrderRepository.Deleted deleted = orders.deleteAll();
        apiFaults.reset();
        resetReceiver.ifPresent(Runnable::run);
        return new Reset(deleted.orders(), deleted.callbacks(), resetReceiver.isPresent());
    }

    public record Reset(int orders, int callbacks, boolean receiverReset) {
    }

    public OrderService.Details transition(UUID reference, OrderStatus to, String reason) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        TimelineStore.Applied applied = timeline.changeNow(reference,
                order -> changes.apply(order, to, reason == null ? DEFAULT_REASON : reason, now));
        metrics.transitioned(applied.change().from(), applied.change().to(), true);
        onEvents.run();
        return new OrderService.Details(applied.order(), callbacks.latestFor(reference));
    }

    public Product setProductStatus(String code, ProductStatus status) {
        return products.change(code, product -> product.changeTo(status));
    }
}
