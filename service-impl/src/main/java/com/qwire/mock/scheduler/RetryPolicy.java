package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.random.RandomSource;
import io.github.resilience4j.core.IntervalFunction;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What follows an attempt. Success is 2xx only. Connection errors, timeouts, 408, 425, 429 and 5xx
 * are retried with exponential backoff (resilience4j's interval function) and jitter drawn from the
 * shared seeded source, honouring Retry-After within bounds; any other status, a manual redelivery
 * that fails, or the last attempt, dead-letters the event.
 */
public final class RetryPolicy {
    private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 425, 429);
    private static final Duration MIN_RETRY_AFTER = Duration.ofSeconds(1);

    private final IntervalFunction backoff;
    private final double randomization;
    private final int maxAttempts;
    private final Duration maxRetryAfter;
    private final RandomSource random;

    public RetryPolicy(Config.Delivery delivery, RandomSource random) {
        this.backoff = IntervalFunction.ofExponentialBackoff(delivery.initialBackoff(), delivery.backoffMultiplier(), delivery.maxBackoff());
        this.randomization = delivery.backoffRandomization();
        this.maxAttempts = delivery.maxAttempts();
        this.maxRetryAfter = delivery.maxBackoff().multipliedBy(10);
        this.random = random;
    }

    /** {@code status} is null when no answer came (timeout, connection error). */
    public Decision decide(int attempt, boolean manual, Integer status, Optional<Duration> retryAfter, Instant finishedAt) {
        if (status != null && status >= 200 && status < 300) {
            return new Decision(DeliveryStatus.DELIVERED, null);
        }
        boolean retryable = status == null || status >= 500 || RETRYABLE_4XX.contains(status);
        if (manual || !retryable || attempt >= maxAttempts) {
            return new Decision(DeliveryStatus.DEAD_LETTER, null);
        }
        return new Decision(DeliveryStatus.PENDING, finishedAt.plus(delay(attempt, retryAfter)));
    }

    /** The wait after failed attempt number {@code attempt} (1-based). */
    Duration delay(int attempt, Optional<Duration> retryAfter) {
        long scheduled = backoff.apply(attempt);
        long jittered = Math.max(1, Math.round(scheduled * (1 + randomization * (2 * random.nextDouble() - 1))));
        long honoured = retryAfter
                .map(r -> Math.min(Math.max(r.toMillis(), MIN_RETRY_AFTER.toMillis()), maxRetryAfter.toMillis()))
                .orElse(0L);
        return Duration.ofMillis(Math.max(jittered, honoured));
    }

    public record Decision(DeliveryStatus after, Instant nextAttemptAt) {
    }
}
