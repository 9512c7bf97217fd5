package com.qwire.mock.testing;

import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.order.domain.DeliveryStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** An outbox with nothing in it, ever: nothing due, nothing to claim, no outcome applied. Tests override what they watch. */
public class EmptyOutbox implements CallbackOutbox {
    @Override
    public List<DueTarget> dueTargets(Instant now, int limit) {
        return List.of();
    }

    @Override
    public List<Delivery> claim(Instant now, Map<String, Integer> perTarget, String owner, Duration lease) {
        return List.of();
    }

    @Override
    public int hold(String target, Instant until, Instant now) {
        return 0;
    }

    @Override
    public int releaseHeld(String target, Instant now) {
        return 0;
    }

    @Override
    public List<Boolean> completeAll(String owner, List<Completion> completions) {
        return completions.stream().map(c -> false).toList();
    }

    @Override
    public Redelivery redeliver(UUID eventId, Instant now) {
        return Redelivery.NOT_FOUND;
    }

    @Override
    public Optional<Instant> nextDue() {
        return Optional.empty();
    }

    @Override
    public Optional<Instant> nextDueAfter(Instant after) {
        return Optional.empty();
    }

    @Override
    public Optional<DeliveryView> event(UUID eventId) {
        return Optional.empty();
    }

    @Override
    public List<DeliveryView> journal(Optional<UUID> reference, Optional<DeliveryStatus> status, Optional<JournalPosition> after, int limit) {
        return List.of();
    }

    @Override
    public Optional<DeliveryView> latestFor(UUID reference) {
        return Optional.empty();
    }
}
