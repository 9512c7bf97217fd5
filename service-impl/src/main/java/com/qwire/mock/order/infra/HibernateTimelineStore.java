package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.CallbackEvent;
import com.qwire.mock.order.domain.CallbackTarget;
import com.qwire.mock.order.domain.EventLeases;
import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderNotFoundException;
import com.qwire.mock.order.domain.StatusChange;
import com.qwire.mock.order.domain.TimelineStore;
import com.qwire.mock.shared.db.Database;
import com.qwire.mock.shared.errors.DatabaseUnavailableException;
import jakarta.persistence.LockModeType;
import org.hibernate.LockMode;
import org.hibernate.StatelessSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
 * event and next transition, mark the transition applied — one transaction per batch on a stateless
 * session, set-based (see apply). An event due at once is written leased to this instance's dispatcher
 * when it has room ({@link EventLeases}). A manual move (changeNow) goes through the full session.
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
    public int applyDue(Instant now, int limit, Step step, EventLeases leases, Consumer<List<Applied>> committed) {
        List<Applied> batch = new ArrayList<>();
        int claimed;
        try {
            claimed = database.inStatelessTransaction(session -> {
                batch.clear(); // a retried transaction starts over
                leases.begin();
                return apply(session, claim(session, now, limit), now, step, batch, leases, database.allowsMultiStatements());
            });
        } catch (DatabaseUnavailableException unavailable) {
            throw unavailable; // nothing was written: the caller gives the leases back
        } catch (RuntimeException batchFailed) {
            leases.begin(); // one by one, every event is written pending
            log.debug("A batch of due transitions failed ({}); applying them one at a time", batchFailed.toString());
            return applyOneByOne(now, limit, step, committed);
        }
        committed.accept(batch);
        return claimed;
    }

    private int applyOneByOne(Instant now, int limit, Step step, Consumer<List<Applied>> committed) {
        List<UUID> due = database.read(session -> session.createSelectionQuery(
                        "select t.id " + DUE, UUID.class)
                .setParameter("pending", DueTransitionEntity.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList());
        int applied = 0;
        for (UUID id : due) {
            try {
                List<Applied> one = new ArrayList<>(1);
                applied += database.inStatelessTransaction(session -> {
                    one.clear();
                    DueTransitionEntity transition = session.get(DueTransitionEntity.class, id, LockMode.PESSIMISTIC_WRITE);
                    return transition == null || !transition.pending() ? 0
                            : apply(session, List.of(transition), now, step, one, EventLeases.NONE, database.allowsMultiStatements());
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

    private static List<DueTransitionEntity> claim(StatelessSession session, Instant now, int limit) {
        return session.createSelectionQuery(
                        DUE, DueTransitionEntity.class)
                .setParameter("pending", DueTransitionEntity.PENDING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .setHibernateLockMode(LockMode.UPGRADE_SKIPLOCKED)
                .getResultList();
    }

    /**
     * Set-based (issue 8): the batch's orders are read once (history joined) into domain orders, the
     * state machine moves them, and the changes go out as a few statements — one update per new
     * (status, time) of the orders, the history rows, events and next transitions each in one multi-row
     * insert, one update per outcome of the transitions — instead of entity loads, dirty checks and a
     * row-by-row flush; on MariaDB these writes and the COMMIT go in one round trip ({@link Jdbc.Writes}).
     */
    private static int apply(StatelessSession session, List<DueTransitionEntity> due, Instant now, Step step, List<Applied> appliedOnes,
                             EventLeases leases, boolean commitInOneRoundTrip) {
        if (due.isEmpty()) {
            return 0;
        }
        List<UUID> references = due.stream().map(DueTransitionEntity::reference).distinct().sorted().toList();
        session.createSelectionQuery("select o.reference from OrderEntity o where o.reference in :references order by o.reference", UUID.class)
                .setParameter("references", references)
                .setHibernateLockMode(LockMode.PESSIMISTIC_WRITE)
                .getResultList();
        Map<UUID, Order> orders = new HashMap<>();
        session.createSelectionQuery("select o from OrderEntity o left join fetch o.history where o.reference in :references", OrderEntity.class)
                .setParameter("references", references)
                .getResultList()
                .forEach(order -> orders.putIfAbsent(order.reference(), order.toDomain()));
        Map<UUID, Order> changed = new LinkedHashMap<>();
        List<Object[]> history = new ArrayList<>();
        List<OutboxEntity> events = new ArrayList<>();
        List<DueTransitionEntity> next = new ArrayList<>();
        List<UUID> applied = new ArrayList<>();
        List<UUID> skipped = new ArrayList<>();
        for (DueTransitionEntity transition : due) {
            Order order = orders.get(transition.reference());
            Optional<Applied> outcome = step.apply(order, transition.toDomain());
            if (outcome.isEmpty()) {
                skipped.add(transition.id());
                continue;
            }
            Applied a = outcome.get();
            orders.put(order.reference(), a.order());
            changed.put(order.reference(), a.order());
            StatusChange change = a.change();
            history.add(OrderEntity.historyRow(order.reference(), a.order().historySize() - 1, change));
            a.event().ifPresent(event -> events.add(written(event, leases)));
            a.next().ifPresent(n -> next.add(DueTransitionEntity.of(n)));
            appliedOnes.add(a);
            applied.add(transition.id());
        }
        Map<List<Object>, List<UUID>> byNewState = new LinkedHashMap<>();
        changed.values().forEach(o -> byNewState.computeIfAbsent(List.of(o.status(), o.updatedAt()), k -> new ArrayList<>()).add(o.reference()));
        Jdbc.Writes writes = new Jdbc.Writes();
        byNewState.forEach((state, refs) -> writes.add(
                "update orders set status = ?, updated_at = ?, version = version + 1 where reference in " + Jdbc.placeholders(refs.size()),
                state.get(0), state.get(1), refs));
        writes.insert("order_history", OrderEntity.HISTORY_COLUMNS, history)
                .insert("callback_outbox", OutboxEntity.INSERT_COLUMNS, events.stream().map(OutboxEntity::insertValues).toList())
                .insert("order_transitions", DueTransitionEntity.INSERT_COLUMNS, next.stream().map(DueTransitionEntity::insertValues).toList());
        settle(writes, applied, DueTransitionEntity.APPLIED, now);
        settle(writes, skipped, DueTransitionEntity.SKIPPED, now);
        writes.send(session, commitInOneRoundTrip);
        return due.size();
    }

    /** The event's row: leased and in flight from its creation when it is due then and {@code leases} gives a lease, else pending. */
    private static OutboxEntity written(CallbackEvent event, EventLeases leases) {
        OutboxEntity row = OutboxEntity.of(event);
        if (!event.dueAt().isAfter(event.createdAt())) {
            leases.take(CallbackTarget.keyOf(event.targetUrl()))
                    .ifPresent(lease -> leases.leased(row.claim(lease.owner(), event.createdAt(), lease.duration())));
        }
        return row;
    }

    private static void settle(Jdbc.Writes writes, List<UUID> transitions, String outcome, Instant now) {
        if (!transitions.isEmpty()) {
            writes.add("update order_transitions set status = ?, applied_at = ? where id in " + Jdbc.placeholders(transitions.size()),
                    outcome, now, transitions);
        }
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
        return database.read(session -> Optional.ofNullable(session.createSelectionQuery(
                        "select min(t.dueAt) from DueTransitionEntity t where t.status = :pending and t.dueAt > :after", Instant.class)
                .setParameter("pending", DueTransitionEntity.PENDING)
                .setParameter("after", after)
                .getSingleResultOrNull()));
    }
}
