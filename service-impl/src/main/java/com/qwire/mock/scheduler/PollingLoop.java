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
    private static final Duration MIN_WAIT = Duration.ofMillis(5);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final String name;
    private final IntSupplier work;
    private final int batch;
    private final Supplier<Optional<Instant>> nextDue;
    private final Clock clock;
    private final Duration pollInterval;
    private final Wakeup wakeup = new Wakeup();
    private volatile boolean running;
    private Thread thread;

    /** Returned by work that cannot take anything now (all slots busy): wait to be woken, without looking for due work. */
    static final int BUSY = -1;

    /** {@code work} returns how many items it took; fewer than {@code batch} means it may sleep; {@link #BUSY} waits for a wake-up. */
    PollingLoop(String name, IntSupplier work, int batch, Supplier<Optional<Instant>> nextDue, Clock clock, Duration pollInterval) {
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
        while (running) {
            try {
                int done = work.getAsInt();
                if (failing) {
                    log.info("{}: working again", name);
                    failing = false;
                }
                if (done == BUSY) {
                    wakeup.await(pollInterval);
                } else if (done < batch) {
                    wakeup.await(untilNextDue(done == 0));
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    log.warn("{}: {} — retrying every {} s until it works", name, e.getMessage(), AFTER_FAILURE.toSeconds());
                    failing = true;
                }
                wakeup.await(AFTER_FAILURE);
            }
        }
    }

    /** {@code idle}: nothing was done; work still due now then cannot be done now, so it is looked at again only after a poll interval. */
    private Duration untilNextDue(boolean idle) {
        Optional<Instant> next = nextDue.get();
        if (next.isEmpty()) {
            return pollInterval;
        }
        Duration wait = Duration.between(clock.instant(), next.get());
        if (wait.compareTo(MIN_WAIT) < 0) {
            return idle ? pollInterval : MIN_WAIT;
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
