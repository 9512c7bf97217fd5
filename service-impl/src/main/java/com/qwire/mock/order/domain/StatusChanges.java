package com.qwire.mock.order.domain;

import com.qwire.mock.shared.random.RandomSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What one status change produces, however it was triggered (the timeline or a person): the history
 * entry, the callback event with its rendered body (as the plan step says: sent, skipped, late or twice),
 * and the order's next scheduled step.
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

    /** A change by hand: its callback is sent at once. */
    public TimelineStore.Applied apply(Order order, OrderStatus target, String reason, Instant now) {
        return apply(order, target, reason, now, DueTransition.NO_STEP);
    }

    /** Throws {@link IllegalTransitionException} when the state machine forbids the move. */
    public TimelineStore.Applied apply(Order order, OrderStatus target, String reason, Instant now, int step) {
        StatusChange change = order.transitionTo(target, reason, now);
        long sequence = order.historySize() - 1L;
        Optional<Plan.Step> planned = order.plan().step(step);
        CallbackMode mode = planned.map(Plan.Step::callback).orElse(CallbackMode.SEND);
        Optional<CallbackEvent> event = Optional.empty();
        if (mode != CallbackMode.SKIP) {
            UUID eventId = random.timeOrderedUuid(now);
            Duration delay = planned.map(Plan.Step::callbackDelay).orElse(Duration.ZERO);
            event = Optional.of(new CallbackEvent(eventId, order.reference(), sequence, CallbackEvent.STATUS_CHANGED, order.status(),
                    renderer.render(eventId, sequence, order, change), order.callbackUrl(), order.traceId(), now, now.plus(delay),
                    mode == CallbackMode.TWICE ? 1 : 0));
        }
        return new TimelineStore.Applied(order, change, event, timeline.next(order, step, now));
    }
}
