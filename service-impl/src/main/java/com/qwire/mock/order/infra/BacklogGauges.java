package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.shared.db.Database;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.hibernate.StatelessSession;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of the work waiting in the database: outbox events pending, in flight and dead-lettered; the
 * callback lag — how long the oldest undelivered event that is due (or being retried) has existed, so it
 * keeps rising while a receiver fails and retries back off, and falls once they get through; the
 * timeline's due transitions and the oldest's age. One read serves a whole scrape: six index range scans
 * on one connection, outside a transaction ({@link Database#read}), over waiting work only (the states' prefix of the claim index, never the delivered
 * history), kept for a second. Before the database is
 * ready, and when a read fails, the gauges are NaN (Prometheus shows no value rather than a wrong one).
 */
public final class BacklogGauges {
    private static final Duration FRESH = Duration.ofSeconds(1);
    private final Database database;
    private final Clock clock;
    private Snapshot last;
    private long lastAt = Long.MIN_VALUE;

    private record Snapshot(double pending, double inFlight, double deadLetter, double outboxLagSeconds, double dueTransitions,
                            double timelineLagSeconds) {
        static final Snapshot UNKNOWN = new Snapshot(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private BacklogGauges(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    public static void register(Database database, Clock clock, MeterRegistry registry) {
        BacklogGauges gauges = new BacklogGauges(database, clock);
        for (DeliveryStatus state : new DeliveryStatus[] {DeliveryStatus.PENDING, DeliveryStatus.IN_FLIGHT, DeliveryStatus.DEAD_LETTER}) {
            gauges.gauge(registry, "qwire.outbox.events", "Callback events waiting in the outbox, by state (delivered ones are counted by qwire_callback_attempts_total)",
                    s -> switch (state) {
                        case PENDING -> s.pending();
                        case IN_FLIGHT -> s.inFlight();
                        default -> s.deadLetter();
                    }, "state", state.name().toLowerCase(Locale.ROOT));
        }
        gauges.gauge(registry, "qwire.outbox.lag.seconds",
                "Age of the oldest callback event not yet delivered that is due or has been tried, since its creation (0 when none)",
                Snapshot::outboxLagSeconds);
        gauges.gauge(registry, "qwire.timeline.due.transitions", "Status transitions due now and not yet applied", Snapshot::dueTransitions);
        gauges.gauge(registry, "qwire.timeline.lag.seconds", "Age of the oldest due transition not yet applied (0 when none is due)",
                Snapshot::timelineLagSeconds);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Snapshot> value, String... tags) {
        Gauge.builder(name, this, g -> value.applyAsDouble(g.snapshot())).description(description).tags(tags).strongReference(true)
                .register(registry);
    }

    private synchronized Snapshot snapshot() {
        long nowNanos = System.nanoTime();
        if (last != null && nowNanos - lastAt < FRESH.toNanos()) {
            return last;
        }
        last = read();
        lastAt = nowNanos;
        return last;
    }

    private Snapshot read() {
        try {
            if (!database.awaitReady(Duration.ZERO)) {
                return Snapshot.UNKNOWN;
            }
            Instant now = clock.instant();
            return database.read(session -> new Snapshot(
                    count(session, DeliveryStatus.PENDING), count(session, DeliveryStatus.IN_FLIGHT), count(session, DeliveryStatus.DEAD_LETTER),
                    age(now, session.createSelectionQuery("select min(o.createdAt) from OutboxEntity o where o.status in (:pending, :inFlight)"
                            + " and (o.attempts > 0 or o.nextAttemptAt <= :now)", Instant.class)
                            .setParameter("pending", DeliveryStatus.PENDING).setParameter("inFlight", DeliveryStatus.IN_FLIGHT)
                            .setParameter("now", now).getSingleResultOrNull()),
                    session.createSelectionQuery("select count(t) from DueTransitionEntity t where t.status = :pending and t.dueAt <= :now", Long.class)
                            .setParameter("pending", DueTransitionEntity.PENDING).setParameter("now", now).getSingleResult(),
                    age(now, session.createSelectionQuery("select min(t.dueAt) from DueTransitionEntity t where t.status = :pending"
                            + " and t.dueAt <= :now", Instant.class)
                            .setParameter("pending", DueTransitionEntity.PENDING).setParameter("now", now).getSingleResultOrNull())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Snapshot.UNKNOWN;
        } catch (RuntimeException e) {
            return Snapshot.UNKNOWN;
        }
    }

    private static double count(StatelessSession session, DeliveryStatus status) {
        return session.createSelectionQuery("select count(o) from OutboxEntity o where o.status = :status", Long.class)
                .setParameter("status", status).getSingleResult();
    }

    private static double age(Instant now, Instant oldest) {
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0);
    }
}
