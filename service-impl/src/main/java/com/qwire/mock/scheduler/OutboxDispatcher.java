package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.AttemptError;
import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.order.domain.EventLeases;
import com.qwire.mock.shared.config.Config;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers the outbox: claims due events (a short transaction), sends them asynchronously outside
 * any transaction — no connection is held while waiting on HTTP — then records the outcomes as the
 * lease holder, many per transaction (one recorder thread). Bounded by {@code concurrency}
 * attempts in flight, an attempt counting until its outcome is written.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int CLAIM_BATCH = 100;
    private static final int RECORD_BATCH = 100;
    /** At most this many targets are served per claim (those waiting longest first). */
    private static final int TARGETS_PER_CLAIM = 64;

    private final CallbackOutbox outbox;
    private final WebhookSender sender;
    private final RetryPolicy policy;
    private final DispatchLog dispatchLog = new DispatchLog();
    private final Clock clock;
    private final Config.Delivery settings;
    private final String owner;
    private final Semaphore inFlight;
    private final DeliveryMetrics metrics;
    private final TargetCircuits circuits;
    /** Moves a target's held events (thousands, for a long-dead target) off the claim loop; at most one queued per target. */
    private final java.util.concurrent.ExecutorService holder = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "qwire-dispatch-hold");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Set<String> moving = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final Thread recorder;
    private volatile boolean recorderStopping;
    /**
     * Whether due events may be waiting unclaimed: the last claim took all it had room for (in all or for
     * some target), or had no room at all. Until a claim finds less, new events are not leased as they are
     * written, so they never pass events already due; and each recorded outcome wakes the loop, whose freed
     * slot may take one of them.
     */
    private volatile boolean backlog = true;
    private final PollingLoop loop;

    public OutboxDispatcher(CallbackOutbox outbox, WebhookSender sender, RetryPolicy policy, Clock clock,
                            Config.Delivery settings, Config.Circuits circuitSettings, String owner, MeterRegistry meters) {
        this.metrics = new DeliveryMetrics(meters);
        this.outbox = outbox;
        this.sender = sender;
        this.policy = policy;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
        this.inFlight = new Semaphore(settings.concurrency());
        this.circuits = new TargetCircuits(circuitSettings, clock);
        // Outcomes are written with blocking JDBC: off the HTTP client's thread, batched, by one thread.
        this.recorder = new Thread(this::recordOutcomes, "qwire-dispatch-record");
        this.recorder.setDaemon(true);
        this.loop = new PollingLoop("dispatcher", this::claimAndSend, 1, outbox::nextDue, clock, settings.pollInterval());
    }

    public void start() {
        recorder.start();
        loop.start();
    }

    /** New events were written: look now rather than at the next poll. */
    public void wakeUp() {
        loop.wakeUp();
    }

    /**
     * Under a manual clock: claims what is due now and delivers it one at a time, in due order, waiting
     * for each outcome. Returns how many attempts it made.
     */
    public int deliverDueNow() {
        List<CallbackOutbox.Delivery> due = claimFairly(CLAIM_BATCH, true).deliveries();
        for (CallbackOutbox.Delivery delivery : due) {
            inFlight.acquireUninterruptibly();
            Instant started = clock.instant();
            long startedNanos = System.nanoTime();
            WebhookSender.Attempt attempt = new WebhookSender.Attempt(delivery, Map.of());
            Outcome outcome;
            try {
                attempt = sender.prepare(delivery);
                outcome = outcome(attempt, started, startedNanos, sender.send(attempt).join(), null);
            } catch (RuntimeException e) {
                outcome = outcome(attempt, started, startedNanos, null, e);
            }
            circuits.finished(delivery.target(), outcome.targetFailed(), System.nanoTime() - startedNanos);
            record(List.of(outcome));
        }
        return due.size();
    }

    /** When the next attempt is due, if any. */
    public Optional<Instant> nextDue() {
        return outbox.nextDue();
    }

    /** When the next attempt due strictly after {@code after} is, if any. */
    public Optional<Instant> nextDueAfter(Instant after) {
        return outbox.nextDueAfter(after);
    }

    /** Returns how many it claimed, or BUSY when every slot is taken (a finishing attempt wakes the loop). */
    private int claimAndSend() {
        int permits = Math.min(CLAIM_BATCH, inFlight.availablePermits());
        if (permits == 0) {
            backlog = true; // whatever is due waits for a slot: the next outcome recorded wakes the loop
            return PollingLoop.BUSY;
        }
        Claim claim = claimFairly(permits, false);
        List<CallbackOutbox.Delivery> due = claim.deliveries();
        backlog = claim.full();
        for (CallbackOutbox.Delivery delivery : due) {
            inFlight.acquireUninterruptibly();
            deliver(delivery);
        }
        return due.size();
    }

    /**
     * Leases for up to {@code wanted} events a transaction is about to write (issue 8: the claim's read and
     * update spared): free slots are taken now, and each event also needs its target's share and breaker
     * (a target at its cap or with its breaker not closed gets none: its events wait their turn pending).
     * None under a manual clock (the driver delivers each instant in due order), nor while due events may
     * wait unclaimed, nor when every slot is taken. Each use ends in {@link Leases#send} or {@link Leases#abandon}.
     */
    public Leases leasesFor(int wanted) {
        int slots = 0;
        if (loop.running() && !backlog) {
            slots = Math.min(wanted, inFlight.availablePermits());
            while (slots > 0 && !inFlight.tryAcquire(slots)) {
                slots = Math.min(slots, inFlight.availablePermits());
            }
        }
        return new Leases(slots); // never below 0: the semaphore's permits are only acquired and released
    }

    /** The leases one transaction may use: slots taken up front, a target's grant per event written under one. */
    public final class Leases implements EventLeases {
        private final int slots;
        private final Map<String, Integer> granted = new HashMap<>();
        private final List<CallbackOutbox.Delivery> deliveries = new ArrayList<>();
        private int taken;

        private Leases(int slots) {
            this.slots = slots;
        }

        @Override
        public void begin() {
            granted.forEach(circuits::unused);
            granted.clear();
            deliveries.clear();
            taken = 0;
        }

        @Override
        public Optional<Lease> take(String target) {
            if (taken >= slots || circuits.grant(target, 1).count() == 0) {
                return Optional.empty();
            }
            taken++;
            granted.merge(target, 1, Integer::sum);
            return Optional.of(new Lease(owner, settings.lease()));
        }

        @Override
        public void leased(CallbackOutbox.Delivery delivery) {
            deliveries.add(delivery);
        }

        /** How many events were written under a lease. */
        public int count() {
            return deliveries.size();
        }

        /** The transaction committed: its leased events go out; the slots and grants not used are given back. */
        public void send() {
            Map<String, Integer> unused = new HashMap<>(granted);
            deliveries.forEach(d -> unused.merge(d.target(), -1, Integer::sum));
            unused.forEach(circuits::unused);
            inFlight.release(slots - deliveries.size());
            deliveries.forEach(OutboxDispatcher.this::deliver);
        }

        /** The transaction did not commit: every slot and grant is given back. */
        public void abandon() {
            begin();
            inFlight.release(slots);
        }
    }

    /**
     * Claims up to {@code slots} due events, shared among the targets that have some: each target gets
     * an equal part of what is left (the longest waiting first), within its own cap and what its circuit
     * breaker allows. An open breaker's target has its due events held until its probe; a closed one's
     * held events are released. Those bulk moves run here when {@code inline} (the manual clock, where
     * each instant settles completely), else on the holder thread, so a target with thousands of events
     * never delays another's claim.
     */
    private Claim claimFairly(int slots, boolean inline) {
        Instant now = clock.instant();
        Map<String, Instant> holds = new LinkedHashMap<>();
        circuits.drainChanged().forEach((target, probe) -> probe.ifPresentOrElse(
                until -> holds.put(target, until), () -> moveHeld(target, inline, () -> {
                    int released = outbox.releaseHeld(target, clock.instant());
                    log.info("Callback target {} answers again: {} waiting callbacks are due now", target, released);
                })));
        List<CallbackOutbox.DueTarget> targets = outbox.dueTargets(now, TARGETS_PER_CLAIM);
        Map<String, Integer> shares = new LinkedHashMap<>();
        int left = slots;
        for (int i = 0; i < targets.size() && left > 0; i++) {
            String target = targets.get(i).target();
            TargetCircuits.Grant grant = circuits.grant(target, Math.max(1, left / (targets.size() - i)));
            if (grant.count() > 0) {
                shares.put(target, grant.count());
                left -= grant.count();
            }
            grant.holdUntil().ifPresent(until -> holds.put(target, until));
        }
        List<CallbackOutbox.Delivery> claimed;
        try {
            claimed = outbox.claim(now, shares, owner, settings.lease());
        } catch (RuntimeException e) {
            shares.forEach(circuits::unused);
            throw e;
        }
        Map<String, Integer> started = new HashMap<>();
        claimed.forEach(d -> started.merge(d.target(), 1, Integer::sum));
        shares.forEach((target, granted) -> circuits.unused(target, granted - started.getOrDefault(target, 0)));
        holds.forEach((target, until) -> moveHeld(target, inline, () -> {
            int held = outbox.hold(target, until, clock.instant());
            if (held > 0) {
                log.info("Callback target {} circuit open: {} callbacks wait for its probe at {}", target, held, until);
            }
        }));
        // Events may be left due: all the slots were used, more targets may have some, or a target (not held
        // until its probe) got no share or used all of it.
        boolean full = claimed.size() >= slots || targets.size() >= TARGETS_PER_CLAIM || targets.stream()
                .map(CallbackOutbox.DueTarget::target)
                .anyMatch(t -> !holds.containsKey(t) && started.getOrDefault(t, 0) >= shares.getOrDefault(t, 0));
        return new Claim(claimed, full);
    }

    /** What a claim took, and whether due events may be left behind it (see {@link #backlog}). */
    private record Claim(List<CallbackOutbox.Delivery> deliveries, boolean full) {
    }

    /** Runs a bulk move of one target's held events now, or queues it (once per target) on the holder thread. */
    private void moveHeld(String target, boolean inline, Runnable move) {
        if (inline) {
            move.run();
            return;
        }
        if (!moving.add(target)) {
            return; // one is queued or running; it will see the same events
        }
        try {
            holder.execute(() -> {
                try {
                    move.run();
                } catch (RuntimeException e) {
                    log.warn("Could not move the waiting callbacks of {} (tried again at the next claim): {}", target, e.getMessage());
                } finally {
                    moving.remove(target);
                    loop.wakeUp();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            moving.remove(target);
        }
    }

    private void deliver(CallbackOutbox.Delivery delivery) {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        WebhookSender.Attempt attempt;
        try {
            attempt = sender.prepare(delivery);
        } catch (RuntimeException e) {
            enqueue(new WebhookSender.Attempt(delivery, Map.of()), started, startedNanos, null, e);
            return;
        }
        try {
            sender.send(attempt).whenComplete((answer, failure) -> enqueue(attempt, started, startedNanos, answer, failure));
        } catch (RuntimeException e) {
            enqueue(attempt, started, startedNanos, null, e);
        }
    }

    /**
     * The outcome is only decided here (no I/O, on the HTTP client's thread); the recorder thread
     * writes it. The queue never holds more than {@code concurrency} outcomes: each keeps its global
     * slot until written. The target's own slot (and its breaker) are settled here, when the exchange
     * with it ended: its share counts requests open to it, not outcomes waiting to be written.
     */
    private void enqueue(WebhookSender.Attempt attempt, Instant started, long startedNanos, WebhookSender.Answer answer, Throwable failure) {
        try {
            Outcome outcome = outcome(attempt, started, startedNanos, answer, failure);
            circuits.finished(attempt.delivery().target(), outcome.targetFailed(), System.nanoTime() - startedNanos);
            outcomes.add(outcome);
        } catch (RuntimeException e) {
            log.warn("Could not decide the outcome of callback {} attempt {}: {}", attempt.delivery().eventId(),
                    attempt.delivery().attempt(), e.toString());
            circuits.finished(attempt.delivery().target(), true, System.nanoTime() - startedNanos);
            inFlight.release();
        }
    }

    /** What an attempt did and what follows it (the retry policy's decision), not yet recorded. */
    private record Outcome(WebhookSender.Attempt attempt, WebhookSender.Answer answer, long durationMs, Failure error,
                           RetryPolicy.Decision decision, CallbackOutbox.AttemptRecord record) {
        /**
         * What counts against the target's circuit breaker: no answer at all (refused, reset, timed out).
         * Any HTTP answer, 5xx included, shows the target alive: its retries follow the policy and its
         * cap bounds its share, and failures a scenario injects at a shared receiver pause no one else.
         */
        boolean targetFailed() {
            return answer == null;
        }
    }

    private Outcome outcome(WebhookSender.Attempt attempt, Instant started, long startedNanos, WebhookSender.Answer answer, Throwable failure) {
        long durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
        CallbackOutbox.Delivery d = attempt.delivery();
        Integer status = answer == null ? null : answer.status();
        Failure error = failure != null ? Failure.of(failure)
                : status >= 200 && status < 300 ? null : new Failure(AttemptError.HTTP_STATUS, "HTTP " + status, null);
        // On the platform clock: under a manual clock an attempt takes no time, so retries land exactly.
        Instant finished = clock.instant();
        // A target the callback URL policy refuses is never tried again: dead-lettered at once.
        RetryPolicy.Decision decision = error != null && error.kind() == AttemptError.DENIED ? new RetryPolicy.Decision(DeliveryStatus.DEAD_LETTER, null)
                : policy.decide(d.attempt(), d.manual(), status, answer == null ? Optional.empty() : answer.retryAfter(), finished);
        CallbackOutbox.AttemptRecord record = new CallbackOutbox.AttemptRecord(d.attempt(), d.manual(), started, finished, durationMs,
                status, decision.after(), error == null ? null : error.kind(), error == null ? null : error.message(), decision.nextAttemptAt());
        return new Outcome(attempt, answer, durationMs, error, decision, record);
    }

    /**
     * Writes outcomes as they come, all that are waiting in one transaction: under load a batch
     * forms while the previous one commits, so a commit serves many callbacks; alone, an outcome is
     * written at once. Each attempt's slot is freed only once its outcome is written (or failed to).
     */
    private void recordOutcomes() {
        List<Outcome> batch = new ArrayList<>(RECORD_BATCH);
        while (true) {
            try {
                Outcome first = outcomes.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (recorderStopping) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                outcomes.drainTo(batch, RECORD_BATCH - 1);
                record(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void record(List<Outcome> batch) {
        List<Boolean> applied = null;
        try {
            applied = outbox.completeAll(owner, batch.stream()
                    .map(o -> new CallbackOutbox.Completion(o.attempt().delivery(), o.record())).toList());
        } catch (RuntimeException e) {
            // The leases expire and later claims retry these attempts: at least once, never lost.
            log.warn("Could not record the outcome of {} callback attempts ({}): {}", batch.size(),
                    batch.stream().map(o -> o.attempt().delivery().eventId() + "#" + o.attempt().delivery().attempt()).toList(),
                    e.getMessage());
        }
        for (int i = 0; i < batch.size(); i++) {
            Outcome o = batch.get(i);
            try {
                if (applied != null) {
                    String result = !applied.get(i) ? "LEASE_LOST"
                            : o.decision().after() == DeliveryStatus.PENDING ? "RETRY" : o.decision().after().name();
                    CallbackOutbox.Delivery d = o.attempt().delivery();
                    metrics.attempted(result.toLowerCase(java.util.Locale.ROOT), o.error() == null ? null : o.error().kind(),
                            o.answer() == null ? null : o.answer().status(), o.durationMs(),
                            "DELIVERED".equals(result) && d.createdAt() != null ? java.time.Duration.between(d.createdAt(), o.record().finishedAt()) : null);
                    dispatchLog.record(o.attempt(), o.answer() == null ? null : o.answer().status(),
                            o.answer() == null ? null : o.answer().bodySnippet(), o.durationMs(), result, o.error(), o.decision().nextAttemptAt());
                }
            } finally {
                inFlight.release();
            }
        }
        // A freed slot matters to the loop only if events may wait for one, a target's breaker changed (its held events
        // move), or an attempt failed (its retry's due time may come before the loop's next look). Otherwise the
        // loop's own polls find what comes due: after a delivered batch with nothing waiting, the wake-up would
        // only cost a claim and a probe that find nothing (issue 8).
        boolean wake = applied == null || backlog || circuits.changesPending()
                || batch.stream().anyMatch(o -> o.decision().after() != DeliveryStatus.DELIVERED);
        if (wake && loop.running()) {
            loop.wakeUp();
        }
    }

    /**
     * Why an attempt failed: its class, a short message of ours for the journal (no library text: it named
     * addresses and ports), and the exception's own text for the dispatch log only.
     */
    record Failure(AttemptError kind, String message, String detail) {
        static Failure of(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof WebhookSender.TargetDenied denied) {
                    return new Failure(AttemptError.DENIED, "denied: " + denied.getMessage(), null);
                }
            }
            Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            String detail = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof TimeoutException) {
                    return new Failure(AttemptError.TIMEOUT, c.getMessage(), detail); // ours: "no complete answer within N ms"
                }
                if (c instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                    return new Failure(AttemptError.TIMEOUT, "connect timed out", detail);
                }
                if (c instanceof InterruptedIOException) {
                    return new Failure(AttemptError.TIMEOUT, "timed out waiting for the answer", detail);
                }
                if (c instanceof java.net.UnknownHostException) {
                    return new Failure(AttemptError.DNS, "host name not resolved", detail);
                }
                if (c instanceof javax.net.ssl.SSLException) {
                    return new Failure(AttemptError.TLS, "TLS handshake failed", detail);
                }
                if (c instanceof java.net.ConnectException) {
                    return new Failure(AttemptError.CONNECTION_REFUSED, "connection refused", detail);
                }
            }
            return new Failure(AttemptError.CONNECTION_ERROR, "connection closed without a complete answer", detail);
        }
    }

    /** Stops claiming and waits (bounded) for attempts in flight; unfinished ones are reclaimed after their lease. */
    @Override
    public void close() {
        loop.close();
        try {
            if (inFlight.tryAcquire(settings.concurrency(), settings.attemptTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                inFlight.release(settings.concurrency());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        holder.shutdown();
        try {
            holder.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        recorderStopping = true;
        try {
            recorder.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
