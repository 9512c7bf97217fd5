package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.CallbackEvent;
import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.order.domain.CallbackTarget;
import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.order.domain.OrderStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

@Entity
@Table(name = "callback_outbox")
public class OutboxEntity {
    /** The claim order: due time, then creation, then the order's reference (as stored, text) and sequence. */
    static final Comparator<OutboxEntity> DUE_ORDER = Comparator.comparing((OutboxEntity o) -> o.nextAttemptAt)
            .thenComparing(o -> o.createdAt)
            .thenComparing(o -> o.reference.toString())
            .thenComparingLong(o -> o.sequence);

    @Id
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "event_id", length = 36)
    private UUID eventId;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "order_reference", nullable = false, length = 36)
    private UUID reference;

    @Column(name = "sequence", nullable = false)
    private long sequence;

    @Column(name = "event_type", nullable = false, length = 64)
    private String type;

    @Enumerated(EnumType.STRING)
    @Column(name = "order_status", nullable = false, length = 16)
    private OrderStatus orderStatus;

    // MEDIUMTEXT; LONGVARCHAR is what both MariaDB and H2 report for it, so validation passes on both.
    @JdbcTypeCode(SqlTypes.LONGVARCHAR)
    @Column(name = "payload", nullable = false)
    private String payload;

    @Column(name = "target_url", nullable = false, length = 2048)
    private String targetUrl;

    @Column(name = "trace_id", nullable = false, length = 128)
    private String traceId;

    @Column(name = "target_key", length = CallbackTarget.MAX_LENGTH)
    private String targetKey;

    /** Set while the event waits for its target's circuit breaker (since when); cleared when claimed. */
    @Column(name = "circuit_held_since")
    private Instant circuitHeldSince;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private DeliveryStatus status;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "extra_deliveries", nullable = false)
    private int extraDeliveries;

    @Column(name = "manual", nullable = false)
    private boolean manual;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "locked_by", length = 64)
    private String lockedBy;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;

    @Column(name = "last_status_code")
    private Integer lastStatusCode;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    @Column(name = "dead_lettered_at")
    private Instant deadLetteredAt;

    protected OutboxEntity() {
    }

    static OutboxEntity of(CallbackEvent event) {
        OutboxEntity e = new OutboxEntity();
        e.eventId = event.eventId();
        e.reference = event.reference();
        e.sequence = event.sequence();
        e.type = event.type();
        e.orderStatus = event.orderStatus();
        e.payload = event.payload();
        e.targetUrl = event.targetUrl();
        e.traceId = event.traceId();
        e.targetKey = CallbackTarget.keyOf(event.targetUrl());
        e.status = DeliveryStatus.PENDING;
        e.attempts = 0;
        e.manual = false;
        e.nextAttemptAt = event.dueAt();
        e.extraDeliveries = event.extraDeliveries();
        e.createdAt = event.createdAt();
        return e;
    }

    /** The columns {@link #insertValues()} fills, in its order. */
    static final String INSERT_COLUMNS = "event_id, order_reference, sequence, event_type, order_status, payload, target_url, trace_id, "
            + "target_key, circuit_held_since, status, attempts, extra_deliveries, manual, next_attempt_at, locked_by, locked_until, "
            + "last_attempt_at, last_status_code, created_at, delivered_at, dead_lettered_at";

    /** This event's row, as Hibernate's mapping stores it, for a plain insert. */
    Object[] insertValues() {
        return new Object[]{eventId, reference, sequence, type, orderStatus, payload, targetUrl, traceId,
                targetKey, circuitHeldSince, status, attempts, extraDeliveries, manual, nextAttemptAt, lockedBy, lockedUntil,
                lastAttemptAt, lastStatusCode, createdAt, deliveredAt, deadLetteredAt};
    }

    /** The event as claimed for one attempt by {@code owner} (the claim's update writes the same lease to the row). */
    CallbackOutbox.Delivery claim(String owner, Instant now, Duration lease) {
        attempts++;
        status = DeliveryStatus.IN_FLIGHT;
        lockedBy = owner;
        lockedUntil = now.plus(lease);
        lastAttemptAt = now;
        circuitHeldSince = null;
        return new CallbackOutbox.Delivery(eventId, reference, attempts, manual, payload, targetUrl, traceId, createdAt);
    }

    /** Waits for its target's breaker until {@code until}, spending no attempt (a lost lease returns to pending). */
    void hold(Instant until, Instant now) {
        status = DeliveryStatus.PENDING;
        lockedBy = null;
        lockedUntil = null;
        nextAttemptAt = until;
        if (circuitHeldSince == null) {
            circuitHeldSince = now;
        }
    }

    UUID eventId() {
        return eventId;
    }

    boolean scheduleManual(Instant now) {
        if (status == DeliveryStatus.PENDING || status == DeliveryStatus.IN_FLIGHT) {
            return false;
        }
        status = DeliveryStatus.PENDING;
        manual = true;
        nextAttemptAt = now;
        return true;
    }

    CallbackOutbox.DeliveryView toView(List<CallbackOutbox.AttemptView> attemptLog) {
        return new CallbackOutbox.DeliveryView(eventId, reference, sequence, type, orderStatus, status, targetUrl, attempts,
                createdAt, status == DeliveryStatus.PENDING ? nextAttemptAt : null, lastAttemptAt, lastStatusCode,
                deliveredAt, deadLetteredAt, status == DeliveryStatus.PENDING ? circuitHeldSince : null, targetKey, attemptLog);
    }
}
