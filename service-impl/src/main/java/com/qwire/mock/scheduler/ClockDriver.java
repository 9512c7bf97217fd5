package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.ClockControl;
import com.qwire.mock.shared.clock.PlatformClock;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.errors.QwireException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the timeline and the dispatcher under a manual clock, instead of their own background loops.
 * A move walks time from one due item to the next and settles each instant — transitions first, then
 * deliveries, each attempt awaited — so everything fires in due order and is done when the move returns.
 * Between moves, one background loop settles what is due now (a manual transition's callback).
 * Everything happens under one lock, so the two never interleave.
 */
public final class ClockDriver implements ClockControl, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClockDriver.class);

    /** The longest single move, and the latest time the clock may show (documented in the contract). */
    public static final Duration MAX_ADVANCE = Duration.ofDays(3650);
    public static final Instant LATEST = Instant.parse("9000-01-01T00:00:00Z");

    private final PlatformClock clock;
    private final TimelineRunner runner;
    private final OutboxDispatcher dispatcher;
    private final PollingLoop loop;

    public ClockDriver(PlatformClock clock, TimelineRunner runner, OutboxDispatcher dispatcher, Duration pollInterval) {
        this.clock = clock;
        this.runner = runner;
        this.dispatcher = dispatcher;
        this.loop = new PollingLoop("manual-clock", () -> settle().total(), Integer.MAX_VALUE, Optional::empty, clock, pollInterval);
    }

    public void start() {
        loop.start();
    }

    public void wakeUp() {
        loop.wakeUp();
    }

    @Override
    public View view() {
        return new View(clock.mode().name(), clock.instant());
    }

    /** Under the lock from reading the clock on: two advances at once move time by both (issue 9, defect 6). */
    @Override
    public synchronized Moved advance(Duration duration) {
        clock.requireManual(); // 409 first, whatever the duration (issue 10: a huge one was a 500)
        if (duration.compareTo(MAX_ADVANCE) > 0) {
            throw new QwireException(ErrorCode.VALIDATION_FAILED, "duration is too long.", List.of(new FieldViolation("duration",
                    "must be at most P" + MAX_ADVANCE.toDays() + "D (ten years) per move, got " + duration)));
        }
        return moveTo(clock.instant().plus(duration), "duration");
    }

    @Override
    public synchronized Moved moveTo(Instant target) {
        return moveTo(target, "now");
    }

    private Moved moveTo(Instant target, String field) {
        clock.requireManual();
        if (target.isAfter(LATEST)) {
            // Due times derived from it must still fit the database's DATETIME (up to year 9999).
            throw new QwireException(ErrorCode.VALIDATION_FAILED, field + " is too far ahead.", List.of(new FieldViolation(field,
                    "must not move the clock past " + LATEST + ", it would reach " + target)));
        }
        if (!clock.manual() || target.isBefore(clock.instant())) {
            clock.moveTo(target); // refuses with the clock's own message
        }
        Fired fired = settle();
        while (true) {
            Optional<Instant> next = Stream.of(runner.nextDue(), dispatcher.nextDue()).flatMap(Optional::stream).min(Instant::compareTo);
            if (next.isEmpty() || next.get().isAfter(target)) {
                break;
            }
            if (next.get().isAfter(clock.instant())) {
                clock.moveTo(next.get());
            }
            Fired step = settle();
            fired = fired.plus(step);
            if (step.total() == 0 && !next.get().isAfter(clock.instant())) {
                // Due but not doable now (another instance holds it, or it fails): step on to what comes after.
                Optional<Instant> later = Stream.of(runner.nextDueAfter(clock.instant()), dispatcher.nextDueAfter(clock.instant()))
                        .flatMap(Optional::stream).min(Instant::compareTo);
                if (later.isEmpty() || later.get().isAfter(target)) {
                    break;
                }
                clock.moveTo(later.get());
                fired = fired.plus(settle());
            }
        }
        clock.moveTo(target);
        fired = fired.plus(settle());
        log.info("Manual clock moved to {}: {} transitions applied, {} callback attempts", target, fired.transitions(), fired.attempts());
        return new Moved(view(), fired.transitions(), fired.attempts());
    }

    /** Applies and delivers everything due at the clock's current time, until nothing is left. */
    private synchronized Fired settle() {
        Fired fired = new Fired(0, 0);
        while (true) {
            int transitions = 0;
            int batch;
            do {
                batch = runner.applyDueNow();
                transitions += batch;
            } while (batch > 0);
            int attempts = dispatcher.deliverDueNow();
            fired = fired.plus(new Fired(transitions, attempts));
            if (transitions == 0 && attempts == 0) {
                return fired;
            }
        }
    }

    private record Fired(int transitions, int attempts) {
        Fired plus(Fired other) {
            return new Fired(transitions + other.transitions, attempts + other.attempts);
        }

        int total() {
            return transitions + attempts;
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
