package com.qwire.mock.order.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * A fault a scenario injects into one order API operation: answer {@code status} with probability
 * {@code probability} (drawn from the seeded source), optionally with {@code Retry-After}, after a
 * response delay. {@code firstAttempts} > 0 limits the fault to the first N requests per order reference,
 * so a client that retries is eventually served.
 */
public record ApiFault(int status, double probability, Optional<Duration> retryAfter, Duration delay, int firstAttempts) {
    public static final Duration MAX_DELAY = Duration.ofSeconds(60);

    public ApiFault {
        if (status != 0 && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("status must be between 400 and 599 (or absent for a delay only), got " + status);
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1, got " + probability);
        }
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delay must be between PT0S and " + MAX_DELAY + ", got " + delay);
        }
        if (retryAfter.isPresent() && (retryAfter.get().isNegative() || retryAfter.get().toMillis() % 1000 != 0)) {
            throw new IllegalArgumentException("retryAfter must be a whole, non-negative number of seconds, got " + retryAfter.get());
        }
        if (firstAttempts < 0) {
            throw new IllegalArgumentException("firstAttempts must not be negative, got " + firstAttempts);
        }
    }

    /** Whether this fault answers with an error status (otherwise it only delays the answer). */
    public boolean fails() {
        return status != 0;
    }
}
