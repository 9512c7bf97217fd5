package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderNotFoundException;
import com.qwire.mock.order.domain.TimelineStore;
import com.qwire.mock.shared.db.Database;
import jakarta.persistence.LockModeType;
import org.hibernate.LockMode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Applies due transitions: claim (FOR UPDATE SKIP LOCKED, so several runners share the work; H2 —
 * single instance only — falls back to a plain FOR UPDATE), change the order, write its callback
 * event and next transition, mark the transition applied — one transaction per batch.
 */
public final class HibernateTimelineStore implements TimelineStore {
    private final Database database;

    public HibernateTimelineStore(Database database) {
        this.database = database;
    }

    @Override
    public int applyDue(Instant now, int limit, Step step) {
        return database.inTransaction(session -> {
            List<DueTransitionEntity> due = session.createSelectionQuery(
                            "from DueTransitionEntity t where t.status = :pending and t.dueAt <= :now order by t.dueAt, t.reference",
                            DueTransitionEntity.class)
                    .setParameter("pending", DueTransitionEntity.PENDING)
                    .setParameter("now", now)
                    .setMaxResults(limit)
                    .setHibernateLockMode(LockMode.UPGRADE_SKIPLOCKED)
                    .getResultList();
            if (!due.isEmpty()) {
                // The batch's orders in one query (history joined); find() below then reads them from the session.
                session.createSelectionQuery("select distinct o from OrderEntity o left join fetch o.history where o.reference in :references",
                                OrderEntity.class)
                        .setParameter("references", due.stream().map(DueTransitionEntity::reference).distinct().toList())
                        .getResultList();
            }
            for (DueTransitionEntity transition : due) {
                OrderEntity order = session.find(OrderEntity.class, transition.reference());
                Optional<Applied> applied = step.apply(order.toDomain(), transition.toDomain());
                if (applied.isEmpty()) {
                    transition.settle(DueTransitionEntity.SKIPPED, now);
                    continue;
                }
                order.record(applied.get().order());
                applied.get().event().ifPresent(event -> session.persist(OutboxEntity.of(event)));
                applied.get().next().ifPresent(next -> session.persist(DueTransitionEntity.of(next)));
                transition.settle(DueTransitionEntity.APPLIED, now);
            }
            return due.size();
        });
    }

    @Override
    public Applied changeNow(UUID reference, Function<Order, Applied> change) {
        return database.inTransaction(session -> {
            OrderEntity order = session.find(OrderEntity.class, reference, LockModeType.PESSIMISTIC_WRITE);
            if (order == null) {
                throw new OrderNotFoundException(reference);
            }
            Applied applied = change.apply(order.toDomain());
            order.record(applied.order());
            applied.event().ifPresent(event -> session.persist(OutboxEntity.of(event)));
            applied.next().ifPresent(next -> session.persist(DueTransitionEntity.of(next)));
            return applied;
        });
    }

    @Override
    public Optional<Instant> nextDue() {
        return database.inStatelessTransaction(session -> Optional.ofNullable(session.createSelectionQuery(
                        "select min(t.dueAt) from DueTransitionEntity t where t.status = :pending", Instant.class)
                .setParameter("pending", DueTransitionEntity.PENDING)
                .getSingleResultOrNull()));
    }
}
