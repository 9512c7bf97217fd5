package com.qwire.mock.order.domain;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Test control by hand: move an order or a product through its state machine now. */
public final class OrderAdmin {
    public static final String DEFAULT_REASON = "MANUAL";

    private final TimelineStore timeline;
    private final StatusChanges changes;
    private final ProductCatalog products;
    private final CallbackOutbox callbacks;
    private final Clock clock;
    private final Runnable onEvents;

    public OrderAdmin(TimelineStore timeline, StatusChanges changes, ProductCatalog products, CallbackOutbox callbacks,
                      Clock clock, Runnable onEvents) {
        this.timeline = timeline;
        this.changes = changes;
        this.products = products;
        this.callbacks = callbacks;
        this.clock = clock;
        this.onEvents = onEvents;
    }

    public OrderService.Details transition(UUID reference, OrderStatus to, String reason) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        TimelineStore.Applied applied = timeline.changeNow(reference,
                order -> changes.apply(order, to, reason == null ? DEFAULT_REASON : reason, now));
        onEvents.run();
        return new OrderService.Details(applied.order(), callbacks.latestFor(reference));
    }

    public Product setProductStatus(String code, ProductStatus status) {
        return products.change(code, product -> product.changeTo(status));
    }
}
