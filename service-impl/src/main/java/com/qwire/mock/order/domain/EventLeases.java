package com.qwire.mock.order.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * Leases callback events to this instance's dispatcher as they are written (issue 8). An event written
 * under a lease is stored in flight, its first attempt counted, and sent once its transaction commits,
 * instead of being stored pending and then claimed by another read and another update of its row. The
 * lease is the one a claim writes, so everything after — the outcome written only by the lease holder,
 * an expired lease claimed again after a crash — is unchanged. An event written without one is
 * stored pending and claimed as before.
 */
public interface EventLeases {
    /** A transaction writing events starts, or starts over: whatever an earlier try took is given back. */
    void begin();

    /** An event to {@code target} (its {@link CallbackTarget#keyOf key}), due now, is about to be written: the lease to write it under, if one is free. */
    Optional<Lease> take(String target);

    /** The event written under the lease {@link #take} gave, to send once the transaction commits. */
    void leased(CallbackOutbox.Delivery delivery);

    /** Who holds the lease, and for how long from the write. */
    record Lease(String owner, Duration duration) {
    }

    /** No leases: every event is written pending (the manual clock, a one-by-one retry). */
    EventLeases NONE = new EventLeases() {
        @Override
        public void begin() {
        }

        @Override
        public Optional<Lease> take(String target) {
            return Optional.empty();
        }

        @Override
        public void leased(CallbackOutbox.Delivery delivery) {
            throw new IllegalStateException("no lease was given");
        }
    };
}
