package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderMetrics;
import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.order.domain.StatusChanges;
import com.qwire.mock.order.domain.TimelineStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Drives orders along their timeline: applies due transitions through the state machine and writes
 * each change's callback event to the outbox in the same transaction, then wakes the dispatcher.
 * Pending transitions live in the database, so a restart resumes them; none is applied twice.
 */
public final class TimelineRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TimelineRunner.class);
    private static final int BATCH = 200;
    /**
     * Transitions due within this of each other are applied together: a transition is about this late at most
     * (on the system clock, plus the batch before it; a manual clock's driver applies each instant exactly), and
     * under load a batch — its claim, lock, load, writes and COMMIT — serves the transitions of this long instead
     * of a few (issue 8).
     */
    private static final Duration GATHER = Duration.ofMillis(20);

    private final TimelineStore store;
    private final StatusChanges changes;
    private final Clock clock;
    private final Runnable onEvents;
    private final IntFunction<OutboxDispatcher.Leases> leases;
    private final OrderMetrics metrics;
    private final PollingLoop loop;

    /**
     * {@code onEvents} runs when events were written pending (for a claim); {@code leases} gives the leases a
     * batch's events due now are written under, to go out as it commits (see {@link OutboxDispatcher#leasesFor}).
     */
    public TimelineRunner(TimelineStore store, StatusChanges changes, Clock clock, Duration pollInterval, Runnable onEvents,
                          IntFunction<OutboxDispatcher.Leases> leases, OrderMetrics metrics) {
        this.leases = leases;
        this.metrics = metrics;
        this.store = store;
        this.changes = changes;
        this.clock = clock;
        this.onEvents = onEvents;
        this.loop = new PollingLoop("timeline", this::applyDueNow, BATCH, store::nextDue, clock, pollInterval, true, GATHER);
    }

    public void start() {
        loop.start();
    }

    /** When the next transition is due, if any. */
    public Optional<Instant> nextDue() {
        return store.nextDue();
    }

    /** When the next transition due strictly after {@code after} is, if any. */
    public Optional<Instant> nextDueAfter(Instant after) {
        return store.nextDueAfter(after);
    }

    /** Applies one batch of what is due now; the loop calls it, and a manual clock's driver directly. */
    public int applyDueNow() {
        OutboxDispatcher.Leases batchLeases = leases.apply(BATCH);
        int[] events = {0};
        int applied;
        try {
            applied = store.applyDue(now(), BATCH, this::step, batchLeases, committed -> committed.forEach(a -> {
                metrics.transitioned(a.change().from(), a.change().to(), false);
                events[0] += a.event().isPresent() ? 1 : 0;
            }));
        } catch (RuntimeException e) {
            batchLeases.abandon();
            throw e;
        }
        batchLeases.send();
        // Leased events are on their way already: no need to wake the dispatcher when every event was leased.
        boolean allLeased = batchLeases.count() > 0 && batchLeases.count() == events[0];
        if (applied > 0 && !allLeased) {
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
            OrderStatus previous = order.status();
            TimelineStore.Applied applied = changes.apply(order, due.target(), due.reason(), now(), due.step());
            applied.event().ifPresentOrElse(
                    event -> log.info("Order {} {} -> {} ({}); callback {} #{} queued for {}{}", order.reference(), previous, order.status(),
                            due.reason(), event.eventId(), event.sequence(), order.callbackUrl(),
                            event.dueAt().equals(event.createdAt()) ? "" : " at " + event.dueAt()
                                    + (event.extraDeliveries() > 0 ? ", to be delivered twice" : "")),
                    () -> log.info("Order {} {} -> {} ({}); scenario {} skips this callback", order.reference(), previous, order.status(),
                            due.reason(), order.scenario()));
            return Optional.of(applied);
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
