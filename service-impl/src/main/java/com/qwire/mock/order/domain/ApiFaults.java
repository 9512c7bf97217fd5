package com.qwire.mock.order.domain;

import com.qwire.mock.shared.delay.ResponseDelay;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.random.RandomSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Injects a scenario's faults into the order API: delays the answer (the request itself is served at once:
 * {@link ResponseDelay}), and fails it with the scenario's status when the seeded draw says so. Counts
 * requests per reference for {@code firstAttempts}; a request without a reference is always a first attempt.
 */
public final class ApiFaults {
    private static final int REMEMBERED_REFERENCES = 100_000;

    private final RandomSource random;
    private final OrderMetrics metrics;
    private final ResponseDelay delay;
    private final Map<String, Integer> attempts = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > REMEMBERED_REFERENCES;
        }
    };

    public ApiFaults(RandomSource random) {
        this(random, OrderMetrics.NONE, ResponseDelay.SLEEP);
    }

    public ApiFaults(RandomSource random, OrderMetrics metrics, ResponseDelay delay) {
        this.random = random;
        this.metrics = metrics;
        this.delay = delay;
    }

    /** Returns normally when the request goes on; throws the injected problem otherwise. */
    public void apply(Scenario scenario, ApiOperation operation, UUID reference) {
        ApiFault fault = scenario.fault(operation).orElse(null);
        if (fault == null) {
            return;
        }
        int attempt = reference == null ? 1 : count(scenario.name() + ' ' + operation + ' ' + reference);
        if (fault.firstAttempts() > 0 && attempt > fault.firstAttempts()) {
            return;
        }
        boolean fires = fault.fails() && (fault.probability() >= 1 || (fault.probability() > 0 && random.nextDouble() < fault.probability()));
        if (!fault.delay().isZero()) {
            delay.hold(fault.delay());
        }
        if (fires) {
            metrics.apiFaultFired(operation, fault.status());
            String limit = fault.firstAttempts() > 0 ? " (request " + attempt + " of the first " + fault.firstAttempts() + " for this reference)" : "";
            throw new QwireException(ErrorCode.SCENARIO_FAULT, fault.status(),
                    "Scenario '" + scenario.name() + "' injected " + fault.status() + " into " + operation.key() + limit + ".",
                    fault.retryAfter());
        }
    }

    /** Forgets the per-reference counts (the admin reset). */
    public synchronized void reset() {
        attempts.clear();
    }

    private synchronized int count(String key) {
        return attempts.merge(key, 1, Integer::sum);
    }
}
