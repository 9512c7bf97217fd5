package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.order.domain.OrderQueries;
import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.shared.db.Database;
import org.hibernate.StatelessSession;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The admin lists as keyset queries: each filter has an index led by its column and followed by
 * (created_at, reference) (migration V8), so a page is one index range scan read backwards, however many
 * orders there are. Counts scan whole indexes, so one answer is reused for {@link #COUNTS_FRESH}.
 */
public final class HibernateOrderQueries implements OrderQueries {
    // Counting 1,000,000 orders and 2,000,000 events takes about a second on MariaDB (bench/results.md).
    static final Duration COUNTS_FRESH = Duration.ofSeconds(10);

    private final Database database;
    private final Clock clock;
    private volatile Counts counts;
    private volatile long countedNanos;

    public HibernateOrderQueries(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public List<Row> orders(Filter filter, Optional<Position> after, int limit) {
        return database.inSnapshot(session -> {
            StringBuilder hql = new StringBuilder("select o.reference, o.productCode, o.quantity, o.customerId, o.status, o.scenario,"
                    + " o.traceId, o.createdAt, o.updatedAt from OrderEntity o where 1 = 1");
            filter.status().ifPresent(v -> hql.append(" and o.status = :status"));
            filter.scenario().ifPresent(v -> hql.append(" and o.scenario = :scenario"));
            filter.productCode().ifPresent(v -> hql.append(" and o.productCode = :productCode"));
            filter.customerId().ifPresent(v -> hql.append(" and o.customerId = :customerId"));
            filter.reference().ifPresent(v -> hql.append(" and o.reference = :reference"));
            filter.traceId().ifPresent(v -> hql.append(" and o.traceId = :traceId"));
            // The bound on created_at alone is what the index ranges over; the reference breaks ties within a millisecond.
            after.ifPresent(p -> hql.append(" and o.createdAt <= :at and (o.createdAt < :at or o.reference < :afterRef)"));
            hql.append(" order by o.createdAt desc, o.reference desc");
            var query = session.createSelectionQuery(hql.toString(), Object[].class).setMaxResults(limit);
            filter.status().ifPresent(v -> query.setParameter("status", v));
            filter.scenario().ifPresent(v -> query.setParameter("scenario", v));
            filter.productCode().ifPresent(v -> query.setParameter("productCode", v));
            filter.customerId().ifPresent(v -> query.setParameter("customerId", v));
            filter.reference().ifPresent(v -> query.setParameter("reference", v));
            filter.traceId().ifPresent(v -> query.setParameter("traceId", v));
            after.ifPresent(p -> query.setParameter("at", p.createdAt()).setParameter("afterRef", p.reference()));
            List<Object[]> rows = query.getResultList();
            List<UUID> references = rows.stream().map(r -> (UUID) r[0]).toList();
            Map<UUID, CallbackCounts> callbacks = callbackCounts(session, references);
            Map<UUID, PlannedStep> next = nextSteps(session, references);
            return rows.stream().map(r -> new Row((UUID) r[0], (String) r[1], (Integer) r[2], (String) r[3], (OrderStatus) r[4],
                    (String) r[5], (String) r[6], (Instant) r[7], (Instant) r[8],
                    callbacks.getOrDefault((UUID) r[0], CallbackCounts.NONE), Optional.ofNullable(next.get((UUID) r[0])))).toList();
        });
    }

    /** The earliest pending transition of each order of the page. */
    private static Map<UUID, PlannedStep> nextSteps(StatelessSession session, List<UUID> references) {
        Map<UUID, PlannedStep> next = new HashMap<>();
        if (references.isEmpty()) {
            return next;
        }
        session.createSelectionQuery("select t.reference, t.target, t.reason, t.dueAt from DueTransitionEntity t"
                        + " where t.reference in :refs and t.status = :pending order by t.dueAt desc", Object[].class)
                .setParameter("refs", references).setParameter("pending", DueTransitionEntity.PENDING)
                .getResultList()
                .forEach(r -> next.put((UUID) r[0], new PlannedStep((OrderStatus) r[1], (String) r[2], (Instant) r[3])));
        return next;
    }

    /** One grouped read over the page's orders (the outbox's (order_reference, sequence) key serves it). */
    private static Map<UUID, CallbackCounts> callbackCounts(StatelessSession session, List<UUID> references) {
        Map<UUID, int[]> counts = new HashMap<>();
        if (references.isEmpty()) {
            return Map.of();
        }
        session.createSelectionQuery("select o.reference, o.status, count(o), sum(case when o.attempts > 0 then 1 else 0 end)"
                        + " from OutboxEntity o where o.reference in :refs group by o.reference, o.status", Object[].class)
                .setParameter("refs", references)
                .getResultList()
                .forEach(r -> {
                    int[] c = counts.computeIfAbsent((UUID) r[0], k -> new int[5]);
                    int n = ((Number) r[2]).intValue();
                    switch ((DeliveryStatus) r[1]) {
                        case PENDING -> {
                            c[0] += n;
                            c[1] += ((Number) r[3]).intValue();
                        }
                        case IN_FLIGHT -> c[2] += n;
                        case DELIVERED -> c[3] += n;
                        case DEAD_LETTER -> c[4] += n;
                    }
                });
        Map<UUID, CallbackCounts> result = new HashMap<>();
        counts.forEach((reference, c) -> result.put(reference, new CallbackCounts(c[0], c[1], c[2], c[3], c[4])));
        return result;
    }

    @Override
    public synchronized Counts counts() { // one count at a time; callers meanwhile get its result
        Counts last = counts;
        if (last != null && System.nanoTime() - countedNanos < COUNTS_FRESH.toNanos()) {
            return last;
        }
        Counts fresh = database.inSnapshot(session -> {
            Map<OrderStatus, Long> orders = new EnumMap<>(OrderStatus.class);
            for (OrderStatus status : OrderStatus.values()) {
                orders.put(status, 0L);
            }
            session.createSelectionQuery("select o.status, count(o) from OrderEntity o group by o.status", Object[].class)
                    .getResultList().forEach(r -> orders.put((OrderStatus) r[0], ((Number) r[1]).longValue()));
            Map<DeliveryStatus, Long> callbacks = new EnumMap<>(DeliveryStatus.class);
            for (DeliveryStatus status : DeliveryStatus.values()) {
                callbacks.put(status, 0L);
            }
            session.createSelectionQuery("select o.status, count(o) from OutboxEntity o group by o.status", Object[].class)
                    .getResultList().forEach(r -> callbacks.put((DeliveryStatus) r[0], ((Number) r[1]).longValue()));
            return new Counts(clock.instant(), orders.values().stream().mapToLong(Long::longValue).sum(), orders, callbacks);
        });
        counts = fresh;
        countedNanos = System.nanoTime();
        return fresh;
    }
}
