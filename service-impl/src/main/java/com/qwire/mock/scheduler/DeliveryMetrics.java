package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.AttemptError;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dispatcher's meters: attempts by outcome, error class and status class, how long each took, and
 * how long a delivered event took from its creation. Labels take a handful of values each.
 */
final class DeliveryMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final Timer duration;
    private final Timer latency;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("qwire.callback.attempt.duration")
                .description("How long one delivery attempt took, from sending to the answer or the failure")
                .register(registry);
        this.latency = Timer.builder("qwire.callback.delivery.latency")
                .description("From a callback event's creation to its successful delivery (scripted delays and retries included)")
                .register(registry);
    }

    /** {@code outcome}: delivered, retry, dead_letter or lease_lost; {@code status}: the answer's, or null without one. */
    void attempted(String outcome, AttemptError error, Integer status, long durationMs, Duration sinceCreated) {
        String errorLabel = error == null ? "none" : error.name().toLowerCase(Locale.ROOT);
        String statusClass = status == null ? "none" : (status / 100) + "xx";
        attempts.computeIfAbsent(outcome + '|' + errorLabel + '|' + statusClass, key -> Counter.builder("qwire.callback.attempts")
                .description("Callback delivery attempts by outcome (delivered, retry, dead_letter, lease_lost), error class and answer status class")
                .tags("outcome", outcome, "error", errorLabel, "status_class", statusClass)
                .register(registry)).increment();
        duration.record(Duration.ofMillis(durationMs));
        if (sinceCreated != null && !sinceCreated.isNegative()) {
            latency.record(sinceCreated);
        }
    }
}
