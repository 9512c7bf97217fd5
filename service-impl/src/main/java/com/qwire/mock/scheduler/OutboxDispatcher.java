package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.shared.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers the outbox: claims due events (a short transaction), sends them asynchronously outside
 * any transaction — no connection is held while waiting on HTTP — then records each outcome as
 * the lease holder. Bounded by {@code concurrency} attempts in flight.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int CLAIM_BATCH = 100;

    private final CallbackOutbox outbox;
    private final WebhookSender sender;
    private final RetryPolicy policy;
    private final DispatchLog dispatchLog = new DispatchLog();
    private final Clock clock;
    private final Config.Delivery settings;
    private final String owner;
    private final Semaphore inFlight;
    private final ExecutorService completions;
    private final PollingLoop loop;

    public OutboxDispatcher(CallbackOutbox outbox, WebhookSender sender, RetryPolicy policy, Clock clock,
                            Config.Delivery settings, String owner) {
        this.outbox = outbox;
        this.sender = sender;
        this.policy = policy;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
        this.inFlight = new Semaphore(settings.concurrency());
        // Outcomes are written with blocking JDBC: keep that off the HTTP client's threads.
        this.completions = Executors.newFixedThreadPool(4, runnable -> {
            Thread t = new Thread(runnable, "qwire-dispatch-complete");
            t.setDaemon(true);
            return t;
        });
        this.loop = new PollingLoop("dispatcher", this::claimAndSend, 1, outbox::nextDue, clock, settings.pollInterval());
    }

    public void start() {
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
        List<CallbackOutbox.Delivery> due = outbox.claimDue(clock.instant(), CLAIM_BATCH, owner, settings.lease());
        for (CallbackOutbox.Delivery delivery : due) {
            inFlight.acquireUninterruptibly();
            Instant started = clock.instant();
            long startedNanos = System.nanoTime();
            WebhookSender.Attempt attempt = new WebhookSender.Attempt(delivery, java.util.Map.of());
            try {
                attempt = sender.prepare(delivery);
                finish(attempt, started, startedNanos, sender.send(attempt).join(), null);
            } catch (RuntimeException e) {
                finish(attempt, started, startedNanos, null, e);
            }
        }
        return due.size();
    }

    /** When the next attempt is due, if any. */
    public Optional<Instant> nextDue() {
        return outbox.nextDue();
    }

    /** Returns how many it claimed, or BUSY when every slot is taken (a finishing attempt wakes the loop). */
    private int claimAndSend() {
        int permits = Math.min(CLAIM_BATCH, inFlight.availablePermits());
        if (permits == 0) {
            return PollingLoop.BUSY;
        }
        List<CallbackOutbox.Delivery> due = outbox.claimDue(clock.instant(), permits, owner, settings.lease());
        for (CallbackOutbox.Delivery delivery : due) {
            inFlight.acquireUninterruptibly();
            deliver(delivery);
        }
        return due.size();
    }

    private void deliver(CallbackOutbox.Delivery delivery) {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        WebhookSender.Attempt attempt;
        try {
            attempt = sender.prepare(delivery);
        } catch (RuntimeException e) {
            finish(new WebhookSender.Attempt(delivery, java.util.Map.of()), started, startedNanos, null, e);
            return;
        }
        try {
            sender.send(attempt).whenCompleteAsync((answer, failure) -> finish(attempt, started, startedNanos, answer, failure), completions);
        } catch (RuntimeException e) {
            finish(attempt, started, startedNanos, null, e);
        }
    }

    private void finish(WebhookSender.Attempt attempt, Instant started, long startedNanos, WebhookSender.Answer answer, Throwable failure) {
        try {
            long durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
            CallbackOutbox.Delivery d = attempt.delivery();
            Integer status = answer == null ? null : answer.status();
            String error = failure == null ? (status >= 200 && status < 300 ? null : "HTTP " + status) : describe(failure);
            // On the platform clock: under a manual clock an attempt takes no time, so retries land exactly.
            Instant finished = clock.instant();
            RetryPolicy.Decision decision = policy.decide(d.attempt(), d.manual(), status,
                    answer == null ? Optional.empty() : answer.retryAfter(), finished);
            CallbackOutbox.AttemptRecord record = new CallbackOutbox.AttemptRecord(d.attempt(), d.manual(), started, finished, durationMs,
                    status, decision.after(), error, decision.nextAttemptAt());
            boolean recorded = outbox.complete(d, owner, record);
            String outcome = !recorded ? "LEASE_LOST" : decision.after() == DeliveryStatus.PENDING ? "RETRY" : decision.after().name();
            dispatchLog.record(attempt, status, answer == null ? null : answer.bodySnippet(), durationMs, outcome, error, decision.nextAttemptAt());
        } catch (RuntimeException e) {
            // The lease expires and another claim retries the attempt: at least once, never lost.
            log.warn("Could not record the outcome of callback {} attempt {}: {}", attempt.delivery().eventId(),
                    attempt.delivery().attempt(), e.getMessage());
        } finally {
            inFlight.release();
            if (loop.running()) {
                loop.wakeUp();
            }
        }
    }

    private static String describe(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (t instanceof TimeoutException || t instanceof InterruptedIOException) {
            return "timeout: " + t.getMessage();
        }
        if (t instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
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
        completions.shutdown();
    }
}
