package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.shared.db.Database;
import jakarta.persistence.LockModeType;
import org.hibernate.LockMode;
import org.hibernate.SharedSessionContract;
import org.hibernate.StatelessSession;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The outbox in MySQL. Claims take rows with FOR UPDATE SKIP LOCKED (two dispatchers never take the
 * same row) and lease them; outcomes are written only by the lease holder of that attempt.
 */
public final class HibernateCallbackOutbox implements CallbackOutbox {
    /** Expired leases of one target returned to pending per hold (more wait for the next). */
    private static final int HOLD_EXPIRED_BATCH = 1000;
    private final Database database;

    public HibernateCallbackOutbox(Database database) {
        this.database = database;
    }

    /**
     * Due pending events per target, as a loose index scan of (status, target_key, next_attempt_at): one
     * index probe per target with pending events, however many wait (issue 8). MariaDB only skips from
     * group to group when the grouped columns lead the index, so status is grouped on too, and it does so
     * for a range on status, not for an equality (which it folds into a constant and leaves
     * target_key leading nothing) — hence the one-value range. As an equality this read went through every
     * pending row: with a backlog of 5,000, 5,000 index entries per claim, the dispatcher slowing down as
     * it fell behind (measured: Handler_read_next per order 456 -> 17 under a closed-loop load, EXPLAIN
     * "Using index for group-by").
     */
    private static final String DUE_PER_TARGET = "select o.targetKey, min(o.nextAttemptAt) from OutboxEntity o"
            + " where o.status between :pending and :pending and o.nextAttemptAt <= :now group by o.status, o.targetKey";

    /**
     * Two grouped reads as one statement (a UNION ALL, each part keeping its own plan): due pending events per
     * target (see {@link #DUE_PER_TARGET}) and expired leases per target (few rows: those in flight).
     */
    @Override
    public List<DueTarget> dueTargets(Instant now, int limit) {
        return database.read(session -> {
            Map<String, Instant> earliest = new HashMap<>();
            session.createSelectionQuery(DUE_PER_TARGET + " union all select o.targetKey, min(o.lockedUntil) from OutboxEntity o"
                            + " where o.status = :inFlight and o.lockedUntil < :now group by o.targetKey", Object[].class)
                    .setParameter("pending", DeliveryStatus.PENDING)
                    .setParameter("inFlight", DeliveryStatus.IN_FLIGHT)
                    .setParameter("now", now)
                    .getResultList()
                    .forEach(row -> earliest.merge((String) row[0], (Instant) row[1], (a, b) -> a.isBefore(b) ? a : b));
            return earliest.entrySet().stream()
                    .map(e -> new DueTarget(e.getKey(), e.getValue()))
                    .sorted(Comparator.comparing(DueTarget::earliest).thenComparing(DueTarget::target))
                    .limit(limit)
                    .toList();
        });
    }

    /**
     * Per target, two index-ordered reads, each stopping at the target's share and locking only what it
     * returns (expired leases, then due pending events); the earliest due of both are claimed.
     */
    @Override
    public List<Delivery> claim(Instant now, Map<String, Integer> perTarget, String owner, Duration lease) {
        if (perTarget.isEmpty()) {
            return List.of();
        }
        return database.inStatelessTransaction(session -> {
            List<OutboxEntity> claimed = new ArrayList<>();
            perTarget.forEach((target, limit) -> {
                if (limit <= 0) {
                    return;
                }
                List<OutboxEntity> rows = new ArrayList<>(expiredLeases(session, target, now, limit));
                rows.addAll(session.createSelectionQuery(
                                "from OutboxEntity o where o.status = :pending and o.targetKey = :target and o.nextAttemptAt <= :now"
                                        + " order by o.nextAttemptAt, o.createdAt, o.reference, o.sequence", OutboxEntity.class)
                        .setParameter("pending", DeliveryStatus.PENDING)
                        .setParameter("target", target)
                        .setParameter("now", now)
                        .setMaxResults(limit)
                        .setHibernateLockMode(LockMode.UPGRADE_SKIPLOCKED)
                        .getResultList());
                // Rows locked but not claimed stay as they were and are unlocked at commit.
                rows.stream().sorted(OutboxEntity.DUE_ORDER).limit(limit).forEach(claimed::add);
            });
            if (claimed.isEmpty()) {
                return List.of();
            }
            Instant until = now.plus(lease);
            // One statement for the whole claim (issue 8): only the lease columns change, the payload stays where it is;
            // on MariaDB it goes with the COMMIT.
            new Jdbc.Writes().add("update callback_outbox set status = ?, attempts = attempts + 1, locked_by = ?, locked_until = ?,"
                                    + " last_attempt_at = ?, circuit_held_since = null where event_id in " + Jdbc.placeholders(claimed.size()),
                            DeliveryStatus.IN_FLIGHT, owner, until, now, claimed.stream().map(OutboxEntity::eventId).toList())
                    .send(session, database.allowsMultiStatements());
            return claimed.stream().sorted(OutboxEntity.DUE_ORDER).map(row -> row.claim(owner, now, lease)).toList();
        });
    }

    private static List<OutboxEntity> expiredLeases(SharedSessionContract session, String target, Instant now, int limit) {
        return session.createSelectionQuery("from OutboxEntity o where o.status = :inFlight and o.lockedUntil < :now"
                        + " and o.targetKey = :target order by o.lockedUntil", OutboxEntity.class)
                .setParameter("inFlight", DeliveryStatus.IN_FLIGHT)
                .setParameter("now", now)
                .setParameter("target", target)
                .setMaxResults(limit)
                .setHibernateLockMode(LockMode.UPGRADE_SKIPLOCKED)
                .getResultList();
    }

    /**
     * Expired leases are taken row by row, skipping locked ones (an outcome being written); pending
     * events move in one update through (status, target_key, next_attempt_at).
     */
    @Override
    public int hold(String target, Instant until, Instant now) {
        return database.inTransaction(session -> {
            List<OutboxEntity> expired = expiredLeases(session, target, now, HOLD_EXPIRED_BATCH);
            expired.forEach(row -> row.hold(until, now));
            session.flush();
            return expired.size() + session.createMutationQuery("update OutboxEntity o set o.nextAttemptAt = :until,"
                            + " o.circuitHeldSince = coalesce(o.circuitHeldSince, :now)"
                            + " where o.status = :pending and o.targetKey = :target and o.nextAttemptAt < :until")
                    .setParameter("pending", DeliveryStatus.PENDING)
                    .setParameter("until", until)
                    .setParameter("now", now)
                    .setParameter("target", target)
                    .executeUpdate();
        });
    }

    @Override
    public int releaseHeld(String target, Instant now) {
        return database.inTransaction(session -> session.createMutationQuery("update OutboxEntity o set o.nextAttemptAt = :now"
                        + " where o.status = :pending and o.targetKey = :target and o.nextAttemptAt > :now and o.circuitHeldSince is not null")
                .setParameter("pending", DeliveryStatus.PENDING)
                .setParameter("target", target)
                .setParameter("now", now)
                .executeUpdate());
    }

    /**
     * One transaction for the batch: the rows' lease columns are read and locked in one statement (in
     * primary-key order, so two dispatchers never deadlock), then settled — one statement per group of
     * alike outcomes, writing only the columns an outcome changes, never the payload (issue 8) — and their
     * attempts inserted in one statement; on MariaDB these writes and the COMMIT go in one round trip
     * ({@link Jdbc.Writes}).
     */
    @Override
    public List<Boolean> completeAll(String owner, List<Completion> completions) {
        if (completions.isEmpty()) {
            return List.of();
        }
        return database.inStatelessTransaction(session -> {
            List<UUID> ids = completions.stream().map(c -> c.delivery().eventId()).distinct().sorted(Comparator.comparing(UUID::toString)).toList();
            Map<UUID, Lease> leases = new HashMap<>();
            Jdbc.query(session, "select event_id, status, locked_by, attempts, extra_deliveries from callback_outbox where event_id in "
                            + Jdbc.placeholders(ids.size()) + " order by event_id for update",
                    rs -> new Lease(Jdbc.uuid(rs, "event_id"), DeliveryStatus.valueOf(rs.getString("status")), rs.getString("locked_by"),
                            rs.getInt("attempts"), rs.getInt("extra_deliveries")), ids)
                    .forEach(lease -> leases.put(lease.eventId(), lease));
            List<Boolean> applied = new ArrayList<>(completions.size());
            Map<List<Object>, List<Settled>> settled = new LinkedHashMap<>();
            List<AttemptEntity> attempts = new ArrayList<>();
            for (Completion c : completions) {
                Lease lease = leases.get(c.delivery().eventId());
                boolean held = lease != null && lease.heldBy(owner, c.attempt().attempt());
                if (held) {
                    Settlement s = Settlement.of(lease, c.attempt());
                    leases.put(lease.eventId(), new Lease(lease.eventId(), s.status(), null, lease.attempts(), s.extraDeliveries()));
                    settled.computeIfAbsent(Arrays.asList(s.status(), c.attempt().responseStatus(), s.extraDeliveries()), k -> new ArrayList<>())
                            .add(new Settled(lease.eventId(), s));
                    attempts.add(AttemptEntity.of(c.delivery().eventId(), c.attempt()));
                }
                applied.add(held);
            }
            Jdbc.Writes writes = new Jdbc.Writes();
            settled.forEach((outcome, rows) -> settle(writes, outcome, rows));
            writes.insert("callback_attempts", AttemptEntity.INSERT_COLUMNS, attempts.stream().map(AttemptEntity::insertValues).toList())
                    .send(session, database.allowsMultiStatements());
            return applied;
        });
    }

    private record Settled(UUID eventId, Settlement settlement) {
    }

    /**
     * One statement for the rows that end alike (status, response status, duplicates still owed) — in a
     * batch of deliveries usually all of them; their times, one per row, are picked by event id.
     */
    private static void settle(Jdbc.Writes writes, List<Object> outcome, List<Settled> rows) {
        StringBuilder sql = new StringBuilder("update callback_outbox set status = ?, locked_by = null, locked_until = null,"
                + " last_status_code = ?, extra_deliveries = ?");
        List<Object> values = new ArrayList<>(outcome);
        perRow(sql, values, "delivered_at", rows, s -> s.settlement().deliveredAt());
        perRow(sql, values, "dead_lettered_at", rows, s -> s.settlement().deadLetteredAt());
        perRow(sql, values, "next_attempt_at", rows, s -> s.settlement().nextAttemptAt());
        sql.append(" where event_id in ").append(Jdbc.placeholders(rows.size()));
        rows.forEach(row -> values.add(row.eventId()));
        writes.add(sql.toString(), values.toArray());
    }

    /** {@code, column = case event_id when ? then ? … else column end} for the rows that set it (a row without a value keeps its own). */
    private static void perRow(StringBuilder sql, List<Object> values, String column, List<Settled> rows, Function<Settled, Instant> value) {
        List<Settled> setting = rows.stream().filter(row -> value.apply(row) != null).toList();
        if (setting.isEmpty()) {
            return;
        }
        sql.append(", ").append(column).append(" = case event_id");
        for (Settled row : setting) {
            sql.append(" when ? then ?");
            values.add(row.eventId());
            values.add(value.apply(row));
        }
        sql.append(" else ").append(column).append(" end");
    }

    /** What a completion needs to know of its row: who holds the lease, for which attempt. */
    private record Lease(UUID eventId, DeliveryStatus status, String lockedBy, int attempts, int extraDeliveries) {
        boolean heldBy(String owner, int attempt) {
            return status == DeliveryStatus.IN_FLIGHT && owner.equals(lockedBy) && attempts == attempt;
        }
    }

    /**
     * How an attempt's outcome settles its row: delivered, dead-lettered, or pending again at the next
     * attempt's time; a delivery the scenario asked to repeat goes out once more, now. Null times stay as they were.
     */
    record Settlement(DeliveryStatus status, Instant deliveredAt, Instant deadLetteredAt, Instant nextAttemptAt, int extraDeliveries) {
        static Settlement of(Lease lease, AttemptRecord a) {
            return switch (a.after()) {
                case DELIVERED -> lease.extraDeliveries() > 0
                        ? new Settlement(DeliveryStatus.PENDING, a.finishedAt(), null, a.finishedAt(), lease.extraDeliveries() - 1)
                        : new Settlement(DeliveryStatus.DELIVERED, a.finishedAt(), null, null, lease.extraDeliveries());
                case DEAD_LETTER -> new Settlement(DeliveryStatus.DEAD_LETTER, null, a.finishedAt(), null, lease.extraDeliveries());
                case PENDING -> new Settlement(DeliveryStatus.PENDING, null, null, a.nextAttemptAt(), lease.extraDeliveries());
                case IN_FLIGHT -> throw new IllegalArgumentException("an attempt cannot end in flight");
            };
        }
    }

    @Override
    public Redelivery redeliver(UUID eventId, Instant now) {
        return database.inTransaction(session -> {
            OutboxEntity row = session.find(OutboxEntity.class, eventId, LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return Redelivery.NOT_FOUND;
            }
            return row.scheduleManual(now) ? Redelivery.SCHEDULED : Redelivery.ALREADY_SCHEDULED;
        });
    }

    @Override
    public Optional<Instant> nextDue() {
        return nextDueAfter(Instant.EPOCH.minusSeconds(1));
    }

    @Override
    public Optional<Instant> nextDueAfter(Instant after) {
        return database.read(session -> Optional.ofNullable(session.createSelectionQuery(
                        "select min(o.nextAttemptAt) from OutboxEntity o where o.status = :pending and o.nextAttemptAt > :after", Instant.class)
                .setParameter("pending", DeliveryStatus.PENDING)
                .setParameter("after", after)
                .getSingleResultOrNull()));
    }

    @Override
    public List<DeliveryView> journal(Optional<UUID> reference, Optional<DeliveryStatus> status, Optional<JournalPosition> after,
                                      int limit) {
        return database.inSnapshot(session -> {
            StringBuilder hql = new StringBuilder("from OutboxEntity o where 1 = 1");
            reference.ifPresent(r -> hql.append(" and o.reference = :reference"));
            status.ifPresent(st -> hql.append(" and o.status = :status"));
            // Keyset: the bound on created_at alone is what the index ranges over; the rest breaks ties.
            after.ifPresent(p -> hql.append(" and o.createdAt <= :at and (o.createdAt < :at or o.reference < :afterRef"
                    + " or (o.reference = :afterRef and o.sequence < :afterSeq))"));
            hql.append(" order by o.createdAt desc, o.reference desc, o.sequence desc");
            var query = session.createSelectionQuery(hql.toString(), OutboxEntity.class).setMaxResults(limit);
            reference.ifPresent(r -> query.setParameter("reference", r));
            status.ifPresent(st -> query.setParameter("status", st));
            after.ifPresent(p -> query.setParameter("at", p.createdAt()).setParameter("afterRef", p.reference())
                    .setParameter("afterSeq", p.sequence()));
            List<OutboxEntity> rows = query.getResultList();
            Map<UUID, List<AttemptView>> attempts = new LinkedHashMap<>();
            if (!rows.isEmpty()) {
                session.createSelectionQuery("from AttemptEntity a where a.key.eventId in :ids order by a.key.attempt", AttemptEntity.class)
                        .setParameter("ids", rows.stream().map(OutboxEntity::eventId).toList())
                        .getResultList()
                        .forEach(a -> attempts.computeIfAbsent(a.eventId(), k -> new ArrayList<>()).add(a.toView()));
            }
            return rows.stream().map(r -> r.toView(attempts.getOrDefault(r.eventId(), List.of()))).toList();
        });
    }

    @Override
    public Optional<DeliveryView> event(UUID eventId) {
        return database.inSnapshot(session -> Optional.ofNullable(session.get(OutboxEntity.class, eventId))
                .map(row -> row.toView(session.createSelectionQuery(
                                "from AttemptEntity a where a.key.eventId = :id order by a.key.attempt", AttemptEntity.class)
                        .setParameter("id", eventId).getResultList().stream().map(AttemptEntity::toView).toList())));
    }

    @Override
    public Optional<DeliveryView> latestFor(UUID reference) {
        return database.read(session -> latestFor(session, reference));
    }

    /** The order's latest event, without its attempt log, in a read the caller already runs. */
    static Optional<DeliveryView> latestFor(StatelessSession session, UUID reference) {
        return session.createSelectionQuery("from OutboxEntity o where o.reference = :reference order by o.sequence desc", OutboxEntity.class)
                .setParameter("reference", reference)
                .setMaxResults(1)
                .getResultList().stream().findFirst().map(row -> row.toView(List.of()));
    }
}
