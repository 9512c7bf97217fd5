package com.qwire.mock.order.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read port for the admin lists: orders newest first, by keyset, and counts. */
public interface OrderQueries {

    /** Up to {@code limit} orders matching every filter given, newest first, strictly after {@code after}. */
    List<Row> orders(Filter filter, Optional<Position> after, int limit);

    Counts counts();

    /** Every present filter must match. */
    record Filter(Optional<OrderStatus> status, Optional<String> scenario, Optional<String> productCode,
                  Optional<String> customerId, Optional<UUID> reference, Optional<String> traceId) {
        public static Filter none() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** Where a page of the newest-first order list ends: (creation time, reference), both descending. */
    record Position(Instant createdAt, UUID reference) {
    }

    record Row(UUID reference, String productCode, int quantity, String customerId, OrderStatus status, String scenario,
               String traceId, Instant createdAt, Instant updatedAt, CallbackCounts callbacks, Optional<PlannedStep> nextStep) {
        /** Where a manual transition may take it from here. */
        public List<OrderStatus> manualTargets() {
            return java.util.Arrays.stream(OrderStatus.values()).filter(to -> OrderStatus.MACHINE.allows(status, to)).toList();
        }

        public Position position() {
            return new Position(createdAt, reference);
        }
    }

    record PlannedStep(OrderStatus to, String reason, Instant dueAt) {
    }

    /** An order's callback events by delivery state; {@code retrying} counts the pending ones that failed an attempt. */
    record CallbackCounts(int pending, int retrying, int inFlight, int delivered, int deadLetter) {
        public static final CallbackCounts NONE = new CallbackCounts(0, 0, 0, 0, 0);

        public State state() {
            if (deadLetter > 0) {
                return State.DEAD_LETTER;
            }
            if (retrying > 0) {
                return State.RETRYING;
            }
            if (pending + inFlight > 0) {
                return State.PENDING;
            }
            return delivered > 0 ? State.DELIVERED : State.NONE;
        }

        public enum State { NONE, PENDING, RETRYING, DELIVERED, DEAD_LETTER }
    }

    record Counts(Instant countedAt, long orders, Map<OrderStatus, Long> ordersByStatus, Map<DeliveryStatus, Long> callbacksByStatus) {
    }
}
