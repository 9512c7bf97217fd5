package com.qwire.mock.order.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Storage port of the callback outbox: claims, outcomes, and the journal. Rows are never deleted. */
public interface CallbackOutbox {

    /**
     * The targets with events due at {@code now} (pending, or in flight with an expired lease), the
     * longest waiting first, at most {@code limit}.
     */
    List<DueTarget> dueTargets(Instant now, int limit);

    /**
     * Claims for {@code owner}, per target, up to the given number of its events due at {@code now}
     * (pending ones and in-flight ones whose lease expired), earliest due first, counting the attempt and
     * leasing them until {@code now + lease}. Returns them earliest due first.
     */
    List<Delivery> claim(Instant now, Map<String, Integer> perTarget, String owner, Duration lease);

    /**
     * The target's breaker is open until {@code until}: every pending event of it due before then moves
     * to then, marked as waiting since {@code now} (if not already), spending no attempt; an expired
     * lease of it returns to pending the same way. Returns how many events it moved.
     */
    int hold(String target, Instant until, Instant now);

    /** The target's breaker closed: its held events are due now. Returns how many. */
    int releaseHeld(String target, Instant now);

    /**
     * Records many attempts' outcomes in one transaction, each ignored unless {@code owner} still holds
     * that attempt's lease. Returns, in the order given, whether each applied.
     */
    List<Boolean> completeAll(String owner, List<Completion> completions);

    /** Records one attempt's outcome; ignored unless {@code owner} still holds the lease. Returns whether it applied. */
    default boolean complete(Delivery delivery, String owner, AttemptRecord attempt) {
        return completeAll(owner, List.of(new Completion(delivery, attempt))).get(0);
    }

    /** Makes a delivered or dead-lettered event due now for one manual attempt. */
    Redelivery redeliver(UUID eventId, Instant now);

    Optional<Instant> nextDue();

    /** The earliest pending attempt due strictly after {@code after}. */
    Optional<Instant> nextDueAfter(Instant after);

    Optional<DeliveryView> event(UUID eventId);

    /** Newest event first (creation time, then order reference and sequence, all descending), strictly after {@code after}. */
    List<DeliveryView> journal(Optional<UUID> reference, Optional<DeliveryStatus> status, Optional<JournalPosition> after, int limit);

    default List<DeliveryView> journal(Optional<UUID> reference, Optional<DeliveryStatus> status, int limit) {
        return journal(reference, status, Optional.empty(), limit);
    }

    /** Where a page of the journal ends. */
    record JournalPosition(Instant createdAt, UUID reference, long sequence) {
    }

    Optional<DeliveryView> latestFor(UUID reference);

    /** A target with due events, and the earliest of them. */
    record DueTarget(String target, Instant earliest) {
    }

    /** What one attempt of a claimed event did. */
    record Completion(Delivery delivery, AttemptRecord attempt) {
    }

    /** A claimed event, ready to send as attempt number {@code attempt}. */
    record Delivery(UUID eventId, UUID reference, int attempt, boolean manual, String payload, String targetUrl, String traceId,
                    Instant createdAt) {
        public Delivery(UUID eventId, UUID reference, int attempt, boolean manual, String payload, String targetUrl, String traceId) {
            this(eventId, reference, attempt, manual, payload, targetUrl, traceId, null);
        }

        /** Its target (scheme, host and port), the unit of fairness and of circuit breaking. */
        public String target() {
            return CallbackTarget.keyOf(targetUrl);
        }
    }

    /** What one attempt did and what follows it. */
    /** {@code finishedAt} is on the platform clock (it stands still under a manual clock); {@code durationMs} is measured. */
    record AttemptRecord(int attempt, boolean manual, Instant startedAt, Instant finishedAt, long durationMs, Integer responseStatus,
                         DeliveryStatus after, AttemptError errorClass, String error, Instant nextAttemptAt) {
    }

    enum Redelivery { SCHEDULED, NOT_FOUND, ALREADY_SCHEDULED }

    record AttemptView(int attempt, boolean manual, Instant startedAt, long durationMs, Integer responseStatus,
                       DeliveryStatus outcome, AttemptError errorClass, String error, Instant nextAttemptAt) {
    }

    record DeliveryView(UUID eventId, UUID reference, long sequence, String type, OrderStatus orderStatus,
                        DeliveryStatus status, String targetUrl, int attempts, Instant createdAt, Instant nextAttemptAt,
                        Instant lastAttemptAt, Integer lastResponseStatus, Instant deliveredAt, Instant deadLetteredAt,
                        Instant circuitHeldSince, String target, List<AttemptView> attemptLog) {
        public JournalPosition position() {
            return new JournalPosition(createdAt, reference, sequence);
        }
    }
}
