package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.CallbackEvent;
import com.qwire.mock.order.domain.EventRenderer;
import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.order.domain.OrderTimeline;
import com.qwire.mock.order.domain.StatusChange;
import com.qwire.mock.order.domain.TimelineStore;
import com.qwire.mock.shared.random.RandomSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

/**
 * Drives orders along their timeline: applies due transitions through the state machine and writes
 * each change's callback event to the outbox in the same transaction, then wakes the dispatcher.
 * Pending transitions live in the database, so a restart resumes them; none is applied twice.
 */
public final class TimelineRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimelineRunner.class);
    private static final int BATCH = 200;

    private final TimelineStore store;
    private final OrderTimeline timeline;
    private final EventRenderer renderer;
    private final RandomSource random;
    private final Clock clock;
    private final Runnable onEvents;
    private final PollingLoop loop;

    public TimelineRunner(TimelineStore store, OrderTimeline timeline, EventRenderer renderer, RandomSource random, Clock clock,
                          Duration pollInterval, Runnable onEvents) {
        this.store = store;
        this.timeline = timeline;
        this.renderer = renderer;
        this.random = random;
        this.clock = clock;
        this.onEvents = onEvents;
        this.loop = new PollingLoop("timeline", this::applyDue, BATCH, store::nextDue, clock, pollInterval);
    }

    public void start() {
        loop.start();
    }

    private int applyDue() {
        int applied = store.applyDue(now(), BATCH, this::step);
        if (applied > 0) {
            onEvents.run();
        }
        return applied;
    }

    private Optional<TimelineStore.Applied> step(Order order, com.qwire.mock.order.domain.DueTransition due) {
        MDC.put("traceId", order.traceId());
        MDC.put("reference", order.reference().toString());
        try {
            if (!OrderStatus.MACHINE.allows(order.status(), due.target())) {
                log.info("Order {} skipped {} -> {}: it is {} now", order.reference(), order.status(), due.target(), order.status());
                return Optional.empty();
            }
            Instant now = now();
            OrderStatus previous = order.status();
            StatusChange change = order.transitionTo(due.target(), due.reason(), now);
            long sequence = order.history().size() - 1L;
            UUID eventId = random.uuid();
            CallbackEvent event = new CallbackEvent(eventId, order.reference(), sequence, CallbackEvent.STATUS_CHANGED, order.status(),
                    renderer.render(eventId, sequence, order, change), order.callbackUrl(), order.traceId(), now);
            log.info("Order {} {} -> {} ({}); callback {} #{} queued for {}", order.reference(), previous, order.status(),
                    due.reason(), eventId, sequence, order.callbackUrl());
            return Optional.of(new TimelineStore.Applied(order, change, event, timeline.next(order, now)));
        } finally {
            MDC.remove("traceId");
            MDC.remove("reference");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        loop.close();
    }
}
