package com.qwire.mock.order.domain;

import java.time.Duration;
import java.time.Instant;

/** Test control of time: read the platform clock; move a manual one, firing what falls due on the way. */
public interface ClockControl {

    View view();

    /** Moves the manual clock to {@code time}, applying every transition and attempt due up to it, in due order. */
    Moved moveTo(Instant time);

    Moved advance(Duration duration);

    record View(String mode, Instant now) {
    }

    record Moved(View clock, int transitionsApplied, int callbackAttempts) {
    }
}
