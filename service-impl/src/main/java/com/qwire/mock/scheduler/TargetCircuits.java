package com.qwire.mock.scheduler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.qwire.mock.shared.config.Config;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Each callback target's share of delivery: a cap on its attempts in flight and a circuit breaker
 * (resilience4j) on the platform clock. A target whose attempts keep getting no answer (refused,
 * reset, timed out) is opened: none of its events is sent (nor an attempt spent) until the breaker's probe,
 * when {@code probes} attempts go and their outcome closes or reopens it. Breakers are kept for at
 * most {@code maxTargets} targets, the least recently used let go first (a target let go starts
 * closed again).
 */
final class TargetCircuits {
    private static final Logger log = LoggerFactory.getLogger(TargetCircuits.class);
    /** Recorded as the failure of an attempt that got no answer; never thrown. */
    private static final Exception FAILED = new Exception("callback attempt failed", null, false, false) {
    };

    private final Config.Circuits settings;
    private final Clock clock;
    private final CircuitBreakerConfig breakerConfig;
    private final Cache<String, CircuitBreaker> breakers;
    private final Map<String, Instant> probeAt = new ConcurrentHashMap<>();
    private final Map<String, Integer> inFlight = new ConcurrentHashMap<>();
    /** Targets whose breaker opened or closed since the dispatcher last looked, and how it now stands. */
    private final Map<String, CircuitBreaker.State> changed = new ConcurrentHashMap<>();

    TargetCircuits(Config.Circuits settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.breakerConfig = CircuitBreakerConfig.custom()
                .clock(clock)
                .slidingWindow(settings.window(), settings.minimumCalls(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.probes())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build();
        this.breakers = Caffeine.newBuilder()
                .maximumSize(settings.maxTargets())
                .executor(Runnable::run)
                .removalListener((String target, CircuitBreaker breaker, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
                    if (target != null) {
                        probeAt.remove(target);
                    }
                })
                .build();
    }

    /** How many attempts a target may start now, and until when its other events wait, if they must. */
    record Grant(int count, Optional<Instant> holdUntil) {
    }

    /**
     * Reserves up to {@code wanted} attempts for {@code target} (its cap allowing): each takes a breaker
     * permission. While the breaker is open, says until when the target's events wait: its next probe.
     * While a probe is out (half-open) the others are just not claimed; its outcome opens or closes it.
     * Synchronized: the claim loop and the timeline (leasing events as it writes them) both grant, and the
     * cap is a check then an add; attempts ending only subtract.
     */
    synchronized Grant grant(String target, int wanted) {
        int room = Math.min(wanted, settings.perTargetConcurrency() - inFlight.getOrDefault(target, 0));
        if (room <= 0) {
            return new Grant(0, Optional.empty());
        }
        int granted = room;
        Optional<Instant> hold = Optional.empty();
        if (settings.enabled()) {
            CircuitBreaker breaker = breaker(target);
            granted = 0;
            while (granted < room && breaker.tryAcquirePermission()) {
                granted++;
            }
            if (granted < room && breaker.getState() == CircuitBreaker.State.OPEN) {
                hold = Optional.of(probeAt.getOrDefault(target, clock.instant().plus(settings.openFor())));
            }
        }
        if (granted > 0) {
            inFlight.merge(target, granted, Integer::sum);
        }
        return new Grant(granted, hold);
    }

    /** Gives back reserved attempts that were not started (fewer events were claimed than granted). */
    void unused(String target, int count) {
        if (count <= 0) {
            return;
        }
        if (settings.enabled()) {
            CircuitBreaker breaker = breakers.getIfPresent(target);
            for (int i = 0; breaker != null && i < count; i++) {
                breaker.releasePermission();
            }
        }
        leave(target, count);
    }

    /** An attempt to {@code target} ended; {@code failed} when it got no answer. */
    void finished(String target, boolean failed, long durationNanos) {
        if (settings.enabled()) {
            CircuitBreaker breaker = breaker(target);
            if (failed) {
                breaker.onError(durationNanos, TimeUnit.NANOSECONDS, FAILED);
            } else {
                breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
            }
        }
        leave(target, 1);
    }

    /** Whether {@link #drainChanged} has something. */
    boolean changesPending() {
        return !changed.isEmpty();
    }

    /**
     * Targets whose breaker changed since the last call: for one that closed, its held events may go
     * now (empty); for one that opened, they wait until its probe (the instant).
     */
    Map<String, Optional<Instant>> drainChanged() {
        Map<String, Optional<Instant>> drained = new java.util.LinkedHashMap<>();
        for (String target : List.copyOf(changed.keySet())) {
            CircuitBreaker.State state = changed.remove(target);
            if (state == CircuitBreaker.State.CLOSED) {
                drained.put(target, Optional.empty());
            } else if (state == CircuitBreaker.State.OPEN) {
                Instant probe = probeAt.get(target);
                if (probe != null) {
                    drained.put(target, Optional.of(probe));
                }
            }
        }
        return drained;
    }

    /** The breaker's state for a target, CLOSED for one never seen (or let go). */
    CircuitBreaker.State state(String target) {
        CircuitBreaker breaker = breakers.getIfPresent(target);
        return breaker == null ? CircuitBreaker.State.CLOSED : breaker.getState();
    }

    int inFlight(String target) {
        return inFlight.getOrDefault(target, 0);
    }

    private void leave(String target, int count) {
        inFlight.computeIfPresent(target, (t, n) -> n > count ? n - count : null);
    }

    private CircuitBreaker breaker(String target) {
        return breakers.get(target, t -> {
            CircuitBreaker breaker = CircuitBreaker.of(t, breakerConfig);
            breaker.getEventPublisher().onStateTransition(event -> {
                CircuitBreaker.State to = event.getStateTransition().getToState();
                if (to == CircuitBreaker.State.OPEN) {
                    // resilience4j lets the probe through strictly after its wait: the first millisecond that is
                    // (stored times have millisecond precision).
                    Instant probe = clock.instant().plus(settings.openFor()).plusMillis(1).truncatedTo(ChronoUnit.MILLIS);
                    probeAt.put(t, probe);
                    changed.put(t, to);
                    log.warn("Callback target {} did not answer too often ({}% of the last {} attempts): circuit open, its callbacks wait"
                                    + " for a probe at {}", t, Math.round(breaker.getMetrics().getFailureRate()),
                            breaker.getMetrics().getNumberOfBufferedCalls(), probe);
                } else if (to == CircuitBreaker.State.CLOSED) {
                    probeAt.remove(t);
                    changed.put(t, to);
                    log.info("Callback target {}: probe succeeded, circuit closed, its waiting callbacks go now", t);
                } else if (to == CircuitBreaker.State.HALF_OPEN) {
                    log.info("Callback target {}: circuit half-open, probing with {} attempt(s)", t, settings.probes());
                }
            });
            return breaker;
        });
    }
}
