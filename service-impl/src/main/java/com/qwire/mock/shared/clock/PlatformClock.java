package com.qwire.mock.shared.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The platform's only clock ({@code QWIRE_CLOCK}): the system's, or a manual one that stands still
 * until it is moved forward. Never moves backwards, so due work stays in order.
 */
public final class PlatformClock extends Clock {
    public enum Mode { SYSTEM, MANUAL }

    private final Mode mode;
    private final AtomicReference<Instant> manualNow;

    private PlatformClock(Mode mode, Instant start) {
        this.mode = mode;
        this.manualNow = new AtomicReference<>(start);
    }

    public static PlatformClock system() {
        return new PlatformClock(Mode.SYSTEM, null);
    }

    /** Millisecond precision, like everything the platform stores. */
    public static PlatformClock manual(Instant start) {
        return new PlatformClock(Mode.MANUAL, start.truncatedTo(ChronoUnit.MILLIS));
    }

    public Mode mode() {
        return mode;
    }

    public boolean manual() {
        return mode == Mode.MANUAL;
    }

    @Override
    public Instant instant() {
        return mode == Mode.MANUAL ? manualNow.get() : Instant.now();
    }

    /** Refuses, as a move would, unless the clock is manual. */
    public void requireManual() {
        if (mode != Mode.MANUAL) {
            throw new ClockException(ClockException.Kind.NOT_MANUAL, "The clock is the system clock (QWIRE_CLOCK=system); "
                    + "start the platform with QWIRE_CLOCK=manual to control time.");
        }
    }

    /** Moves a manual clock to {@code time}; refuses the system clock and any move backwards. */
    public void moveTo(Instant time) {
        requireManual();
        Instant target = time.truncatedTo(ChronoUnit.MILLIS);
        manualNow.getAndUpdate(now -> {
            if (target.isBefore(now)) {
                throw new ClockException(ClockException.Kind.BACKWARDS, "The clock is at " + now + "; it cannot go back to " + target + ".");
            }
            return target;
        });
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone)) {
            return this;
        }
        throw new UnsupportedOperationException("The platform clock is UTC only");
    }
}
