package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.order.domain.StatusChange;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.time.Instant;

@Embeddable
public class StatusChangeEmbeddable {
    @Enumerated(EnumType.STRING)
    @Column(name = "from_status", length = 16)
    private OrderStatus from;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false, length = 16)
    private OrderStatus to;

    @Column(name = "changed_at", nullable = false)
    private Instant at;

    @Column(name = "reason", nullable = false, length = 128)
    private String reason;

    protected StatusChangeEmbeddable() {
    }

    static StatusChangeEmbeddable of(StatusChange change) {
        StatusChangeEmbeddable e = new StatusChangeEmbeddable();
        e.from = change.from();
        e.to = change.to();
        e.at = change.at();
        e.reason = change.reason();
        return e;
    }

    StatusChange toDomain() {
        return new StatusChange(from, to, at, reason);
    }
}
