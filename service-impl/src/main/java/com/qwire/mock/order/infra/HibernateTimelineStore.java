package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderNotFoundException;
import com.qwire.mock.order.domain.TimelineStore;
import com.qwire.mock.shared.db.Database;
import com.qwire.mock.shared.errors.DatabaseUnavailableException;
import jakarta.persistence.LockModeType;
import org.hibernate.LockMode;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies due transitions: claim (FOR UPDATE SKIP LOCKED, so several runners share the work; H2 —
 * single instance only — falls back to a plain FOR UPDATE), change the order, write its callback
 * event and next transition, mark the transition applied — one transaction per batch (see applyDue).
 */
public final class HibernateTimelineStore implements TimelineStore {
    private static final Logger log = LoggerFactory.getLogger(HibernateTimelineStore.class);
    private static final int REPORTED_MAX = 1024;
    /** What is due now, in claim order (ix_transitions_claim). */
    private static final String DUE = "from DueTransitionEntity t where t.status = :pending and t.dueAt <= :now order by t.dueAt, t.reference";
    private final Database database;
    /** Transitions already reported as failing (the latest {@link #REPORTED_MAX}). */
    private final Set<UUID> reported = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > REPORTED_MAX;
        }
    }));

    public HibernateTimelineStore(Database database) {
        this.database = database;
    }

    /**
     * One transaction for the batch. Its orders are locked first, in reference order (as a manual
     * transition locks its order), so a concurrent manual move waits for the batch instead of rolling
     * it back. If the batch fails anyway, its transitions are applied one by one, each in its own
     * transaction: one that cannot be applied stays pending and is reported, and stalls no other.
     */
    @Override
    public int applyDue(Instant now, int limit, Step step, Consumer<List<Applied>> committed) {
        List<Applied> batch = new ArrayList<>();
        int claimed;
        try {
            claimed = database.inTransaction(session -> {
                batch.clear(); // a retried transaction starts over
                return apply(session, claim(session, now, limit), now, step, batch);
            });
        } catch (DatabaseUnavailableException unavailable) {
            throw unavailable;
        } catch (RuntimeException batchFailed) {
            log.debug("A batch of due transitions failed ({}); applying them one at a time", batchFailed.toString());
            return applyOneByOne(now, limit, step, committed);
        }
        committed.accept(batch);
        return claimed;
    }

    private int applyOneByOne(Instant now, int limit, Step step, Consumer<List<Applied>> committed) {
        List<UUID> due = database.inStatelessTransaction(session -> session.createSelectionQuery(
                        "select t.id " + DUE, UUID.class)
                .setParameter("pending", DueTransitionEntity.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList());
        int applied = 0;
        for (UUID id : due) {
            try {
                List<Applied> one = new ArrayList<>(1);
                applied += database.inTransaction(session -> {
                    one.clear();
                    DueTransitionEntity transition = session.find(DueTransitionEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
                    return transition == null || !transition.pending() ? 0 : apply(session, List.of(transition), now, step, one);
                });
                committed.accept(one);
            } catch (DatabaseUnavailableException unavailable) {
                throw unavailable;
            } catch (RuntimeException e) {
                if (reported.add(id)) { // once per transition: it is tried again every poll
                    log.error("Due transition {} cannot be applied; it stays pending and is tried again every poll: {}", id, e.toString());
                }
            }
        }
        return applied;
    }

    private static List<DueTransitionEntity> claim(Session session, Instant now, int limit) {
        return session.createSelectionQuery(
                        DUE, DueTransitionEntity.class)
                .setParameter("pending", DueTransitionEntity.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .setHibernateLockMode(LockMode.UPGRADE_SKIPLOCKED)
                .getResultList();
    }

    private static int apply(Session session, List<DueTransitionEntity> due, Instant now, Step step, List<Applied> appliedOnes) {
        if (due.isEmpty()) {
            return 0;
        }
        List<UUID> references = due.stream().map(DueTransitionEntity::reference).distinct().toList();
        session.createSelectionQuery("select o.reference from OrderEntity o where o.reference in :references order by o.reference", UUID.class)
                .setParameter("references", references)
                .setHibernateLockMode(LockMode.PESSIMISTIC_WRITE)
                .getResultList();
        // The batch's orders in one query (history joined); find() below then reads them from the session.
        session.createSelectionQuery("select o from OrderEntity o left join fetch o.history where o.reference in :references", OrderEntity.class)
                .setParameter("references", references)
                .getResultList();
        for (DueTransitionEntity transition : due) {
            OrderEntity order = session.find(OrderEntity.class, transition.reference());
            Optional<Applied> applied = step.apply(order.toDomain(), transition.toDomain());
            if (applied.isEmpty()) {
                transition.settle(DueTransitionEntity.SKIPPED, now);
                continue;
            }
            order.record(applied.get().order());
            appliedOnes.add(applied.get());
            applied.get().event().ifPresent(event -> session.persist(OutboxEntity.of(event)));
            applied.get().next().ifPresent(next -> session.persist(DueTransitionEntity.of(next)));
            transition.settle(DueTransitionEntity.APPLIED, now);
        }
        return due.size();
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
        return nextDueAfter(Instant.EPOCH.minusSeconds(1));
    }

    @Override
    public Optional<Instant> nextDueAfter(Instant after) {
        return database.inStatelessTransaction(session -> Optional.ofNullable(session.createSelectionQuery(
                        "select min(t.dueAt) from DueTransitionEntity t where t.status = :pending and t.dueAt > :after", Instant.class)
                .setParameter("pending", DueTransitionEntity.PENDING)
                .setParameter("after", after)
                .getSingleResultOrNull()));
    }
}
