package com.qwire.mock.order.domain;

import java.time.Instant;
import java.util.Optional;

/** Storage port of the timeline: applies due transitions, each in the transaction that claimed it. */
public interface TimelineStore {

    /**
     * Claims up to {@code limit} transitions due at {@code now} (rows other runners hold are skipped),
     * hands each with its order to {@code step}, and stores what it returns — the changed order, its
     * callback event, the next transition — in the same transaction. An empty step marks the
     * transition skipped (the order moved on by other means). Returns how many were claimed.
     * {@code committed} gets what was applied, once its transaction has committed. A callback event due now
     * is written under a lease from {@code leases} when it gives one; if this throws, nothing was written
     * and the caller gives the leases back.
     */
    int applyDue(Instant now, int limit, Step step, EventLeases leases, java.util.function.Consumer<java.util.List<Applied>> committed);

    /**
     * Applies one change to an order now, in one transaction with the order locked (so it cannot
     * interleave with the timeline): {@code change} returns what to store. Throws
     * {@link OrderNotFoundException} for an unknown reference.
     */
    Applied changeNow(java.util.UUID reference, java.util.function.Function<Order, Applied> change);

    /** When the earliest pending transition is due, if any. */
    Optional<Instant> nextDue();

    /** The earliest pending transition due strictly after {@code after}. */
    Optional<Instant> nextDueAfter(Instant after);

    @FunctionalInterface
    interface Step {
        Optional<Applied> apply(Order order, DueTransition transition);
    }

    /** {@code event} is empty when the scenario skips this change's callback. */
    record Applied(Order order, StatusChange change, Optional<CallbackEvent> event, Optional<DueTransition> next) {
    }
}
