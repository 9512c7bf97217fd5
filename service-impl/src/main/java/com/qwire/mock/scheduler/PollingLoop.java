package com.qwire.mock.scheduler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A background loop that does due work and otherwise sleeps until the next due time (at most one poll
 * interval), or until woken. Failures (a database outage) are logged once, then retried every second
 * until the work succeeds again.
 */
final class PollingLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);
    // A floor: due rows another instance holds (skipped, not claimed) must not make the loop spin.
    static final Duration MIN_WAIT = Duration.ofMillis(5);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final String name;
    private final IntSupplier work;
    private final int batch;
    private final Supplier<Optional<Instant>> nextDue;
    private final Clock clock;
    private final Duration pollInterval;
    private final boolean probeFirst;
    private final Duration minWait;
    private final Wakeup wakeup = new Wakeup();
    private volatile boolean running;
    private Thread thread;

    /** Returned by work that cannot take anything now (all slots busy): wait to be woken, without looking for due work. */
    static final int BUSY = -1;

    /** {@code work} returns how many items it took; fewer than {@code batch} means it may sleep; {@link #BUSY} waits for a wake-up. */
    PollingLoop(String name, IntSupplier work, int batch, Supplier<Optional<Instant>> nextDue, Clock clock, Duration pollInterval) {
        this(name, work, batch, nextDue, clock, pollInterval, false, MIN_WAIT);
    }

    /**
     * {@code probeFirst}: {@code nextDue} covers all of {@code work} (nothing is ever due that it does not name), so a
     * poll that wakes with nothing known to be due asks it first — one read — and does the work only when something is
     * due by then (issue 8: an idle timeline made three round trips per poll, a claim, its COMMIT and this probe).
     * A wake-up signal always does the work.
     *
     * <p>{@code minWait} (at least {@link #MIN_WAIT}): after working, the loop sleeps at least this long while more is due
     * within it, so that what comes due meanwhile is done together — at most this late, in one batch instead of many.
     */
    PollingLoop(String name, IntSupplier work, int batch, Supplier<Optional<Instant>> nextDue, Clock clock, Duration pollInterval,
                boolean probeFirst, Duration minWait) {
        if (minWait.compareTo(MIN_WAIT) < 0) {
            throw new IllegalArgumentException(name + ": minWait below " + MIN_WAIT.toMillis() + " ms would let the loop spin");
        }
        this.minWait = minWait;
        this.probeFirst = probeFirst;
        this.name = name;
        this.work = work;
        this.batch = batch;
        this.nextDue = nextDue;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    synchronized void start() {
        running = true;
        thread = new Thread(this::run, "qwire-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    void wakeUp() {
        wakeup.signal();
    }

    boolean running() {
        return running;
    }

    private void run() {
        boolean failing = false;
        boolean mayWork = true; // signalled, or work known to be due: work without asking nextDue first
        while (running) {
            try {
                if (!mayWork) {
                    Optional<Instant> next = nextDue.get();
                    if (!dueBy(next)) {
                        mayWork = wakeup.await(until(next, false)) || dueBy(next);
                        continue;
                    }
                }
                int done = work.getAsInt();
                if (failing) {
                    log.info("{}: working again", name);
                    failing = false;
                }
                if (done == BUSY) {
                    mayWork = wakeup.await(pollInterval) || !probeFirst;
                } else if (done < batch) {
                    Optional<Instant> next = nextDue.get();
                    mayWork = wakeup.await(until(next, done == 0)) || !probeFirst || dueBy(next);
                } else {
                    mayWork = true;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("{}: {} — retrying every {} s until it works", name, e.getMessage(), AFTER_FAILURE.toSeconds());
                    failing = true;
                }
                wakeup.await(AFTER_FAILURE);
                mayWork = true;
            }
        }
    }

    private boolean dueBy(Optional<Instant> next) {
        return next.isPresent() && !next.get().isAfter(clock.instant());
    }

    /**
     * How long to sleep given when the next work is due. {@code idle}: nothing was done; work still due now then cannot
     * be done now, so it is looked at again only after a poll interval.
     */
    private Duration until(Optional<Instant> next, boolean idle) {
        if (next.isEmpty()) {
            return pollInterval;
        }
        Duration wait = Duration.between(clock.instant(), next.get());
        if (wait.compareTo(minWait) < 0) {
            return idle ? pollInterval : minWait;
        }
        return wait.compareTo(pollInterval) < 0 ? wait : pollInterval;
    }

    @Override
    public void close() {
        running = false;
        wakeup.signal();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
