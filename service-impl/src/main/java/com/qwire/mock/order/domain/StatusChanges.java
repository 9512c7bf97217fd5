package com.qwire.mock.order.domain;

import com.qwire.mock.shared.random.RandomSource;

import java.time.Instant;
import java.util.UUID;

/**
 * What one status change produces, however it was triggered (the timeline or a person): the history
 * entry, the callback event with its rendered body, and the order's next scheduled step.
 */
public final class StatusChanges {
    private final OrderTimeline timeline;
    private final EventRenderer renderer;
    private final RandomSource random;

    public StatusChanges(OrderTimeline timeline, EventRenderer renderer, RandomSource random) {
        this.timeline = timeline;
        this.renderer = renderer;
        this.random = random;
    }

    /** Throws {@link IllegalTransitionException} when the state machine forbids the move. */
    public TimelineStore.Applied apply(Order order, OrderStatus target, String reason, Instant now) {
        StatusChange change = order.transitionTo(target, reason, now);
        long sequence = order.history().size() - 1L;
        UUID eventId = random.uuid();
        CallbackEvent event = new CallbackEvent(eventId, order.reference(), sequence, CallbackEvent.STATUS_CHANGED, order.status(),
                renderer.render(eventId, sequence, order, change), order.callbackUrl(), order.traceId(), now);
        return new TimelineStore.Applied(order, change, event, timeline.next(order, now));
    }
}
