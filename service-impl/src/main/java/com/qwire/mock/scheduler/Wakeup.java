package com.qwire.mock.scheduler;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** A sleep that ends early when signalled; signals while awake are kept for the next sleep. */
final class Wakeup {
    private final Semaphore signals = new Semaphore(0);

    void signal() {
        if (signals.availablePermits() == 0) {
            signals.release();
        }
    }

    /** Sleeps at most {@code max}; true when a signal ended it (or was waiting). */
    boolean await(Duration max) {
        try {
            if (!max.isZero() && signals.tryAcquire(max.toMillis(), TimeUnit.MILLISECONDS)) {
                signals.drainPermits();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
