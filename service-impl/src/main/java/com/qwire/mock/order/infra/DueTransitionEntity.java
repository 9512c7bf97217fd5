package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.DueTransition;
import com.qwire.mock.order.domain.OrderStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "order_transitions")
public class DueTransitionEntity {
    static final String PENDING = "PENDING";
    static final String APPLIED = "APPLIED";
    static final String SKIPPED = "SKIPPED";

    @Id
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "id", length = 36)
    private UUID id;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "order_reference", nullable = false, length = 36)
    private UUID reference;

    @Enumerated(EnumType.STRING)
    @Column(name = "target_status", nullable = false, length = 16)
    private OrderStatus target;

    @Column(name = "reason", nullable = false, length = 128)
    private String reason;

    @Column(name = "due_at", nullable = false)
    private Instant dueAt;

    @Column(name = "status", nullable = false, length = 16)
    private String status;

    @Column(name = "applied_at")
    private Instant appliedAt;

    @Column(name = "plan_step")
    private Integer step;

    protected DueTransitionEntity() {
    }

    static DueTransitionEntity of(DueTransition t) {
        DueTransitionEntity e = new DueTransitionEntity();
        e.id = t.id();
        e.reference = t.reference();
        e.target = t.target();
        e.reason = t.reason();
        e.dueAt = t.dueAt();
        e.status = PENDING;
        e.step = t.step() == DueTransition.NO_STEP ? null : t.step();
        return e;
    }

    /** The columns {@link #insertValues()} fills, in its order. */
    static final String INSERT_COLUMNS = "id, order_reference, target_status, reason, due_at, status, applied_at, plan_step";

    /** This transition's row, as Hibernate's mapping stores it, for a plain insert. */
    Object[] insertValues() {
        return new Object[]{id, reference, target, reason, dueAt, status, appliedAt, step};
    }

    DueTransition toDomain() {
        return new DueTransition(id, reference, target, reason, dueAt, step == null ? DueTransition.NO_STEP : step);
    }

    boolean pending() {
        return PENDING.equals(status);
    }

    UUID id() {
        return id;
    }

    UUID reference() {
        return reference;
    }
}
