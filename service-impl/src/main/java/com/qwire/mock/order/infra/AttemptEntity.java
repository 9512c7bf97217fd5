package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.AttemptError;
import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.order.domain.DeliveryStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "callback_attempts")
public class AttemptEntity {
    @EmbeddedId
    private Key key;

    @Column(name = "trigger_kind", nullable = false, length = 16)
    private String trigger;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "duration_ms", nullable = false)
    private long durationMs;

    @Column(name = "response_status")
    private Integer responseStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", nullable = false, length = 16)
    private DeliveryStatus outcome;

    @Enumerated(EnumType.STRING)
    @Column(name = "error_class", length = 24)
    private AttemptError errorClass;

    @Column(name = "error", length = 512)
    private String error;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    protected AttemptEntity() {
    }

    static AttemptEntity of(UUID eventId, CallbackOutbox.AttemptRecord a) {
        AttemptEntity e = new AttemptEntity();
        e.key = new Key(eventId, a.attempt());
        e.trigger = a.manual() ? "MANUAL" : "SCHEDULED";
        e.startedAt = a.startedAt();
        e.durationMs = a.durationMs();
        e.responseStatus = a.responseStatus();
        e.outcome = a.after();
        e.errorClass = a.errorClass();
        e.error = a.error() == null || a.error().length() <= 512 ? a.error() : a.error().substring(0, 509) + "...";
        e.nextAttemptAt = a.nextAttemptAt();
        return e;
    }

    /** The columns {@link #insertValues()} fills, in its order. */
    static final String INSERT_COLUMNS = "event_id, attempt, trigger_kind, started_at, duration_ms, response_status, outcome, "
            + "error_class, error, next_attempt_at";

    /** This attempt's row, as Hibernate's mapping stores it, for a plain insert. */
    Object[] insertValues() {
        return new Object[]{key.eventId, key.attempt, trigger, startedAt, durationMs, responseStatus, outcome, errorClass, error, nextAttemptAt};
    }

    UUID eventId() {
        return key.eventId;
    }

    CallbackOutbox.AttemptView toView() {
        return new CallbackOutbox.AttemptView(key.attempt, "MANUAL".equals(trigger), startedAt, durationMs, responseStatus,
                outcome, errorClass, error, nextAttemptAt);
    }

    @Embeddable
    public static class Key {
        @JdbcTypeCode(SqlTypes.CHAR)
        @Column(name = "event_id", length = 36)
        private UUID eventId;

        @Column(name = "attempt")
        private int attempt;

        protected Key() {
        }

        Key(UUID eventId, int attempt) {
            this.eventId = eventId;
            this.attempt = attempt;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.eventId.equals(eventId) && k.attempt == attempt;
        }

        @Override
        public int hashCode() {
            return eventId.hashCode() * 31 + attempt;
        }
    }
}
