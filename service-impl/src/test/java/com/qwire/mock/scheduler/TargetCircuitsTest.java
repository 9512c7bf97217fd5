package com.qwire.mock.scheduler;

import com.qwire.mock.shared.clock.PlatformClock;
import com.qwire.mock.shared.config.Config;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Each target's share and breaker, on a manual clock: the probe falls at an exact instant. */
class TargetCircuitsTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final String DEAD = "http://localhost:9";
    private static final String ALIVE = "http://localhost:8081";

    private final PlatformClock clock = PlatformClock.manual(START);
    private final Config.Circuits defaults = Config.from(Map.of()).circuits();
    /** The defaults, but a cap of 16 per target. */
    private final TargetCircuits circuits = new TargetCircuits(Config.from(Map.of("QWIRE_TARGET_CONCURRENCY", "16")).circuits(), clock);

    @Test
    void theDocumentedDefaults() {
        assertThat(defaults).isEqualTo(new Config.Circuits(true, 48, 20, 10, 50f, Duration.ofSeconds(10), 1, 10_000));
    }

    @Test
    void aTargetGetsAtMostItsCapInFlightAndItsSlotsBackAsAttemptsEnd() {
        assertThat(circuits.grant(ALIVE, 40)).isEqualTo(new TargetCircuits.Grant(16, Optional.empty()));
        assertThat(circuits.grant(ALIVE, 1).count()).as("at its cap").isZero();
        assertThat(circuits.grant(DEAD, 5).count()).as("another target has its own share").isEqualTo(5);

        circuits.unused(ALIVE, 6);
        circuits.finished(ALIVE, false, 1_000_000);
        assertThat(circuits.inFlight(ALIVE)).isEqualTo(9);
        assertThat(circuits.grant(ALIVE, 40).count()).isEqualTo(7);
    }

    @Test
    void failingTooOftenOpensTheBreakerUntilOneProbeDecides() {
        for (int i = 0; i < 9; i++) {
            circuits.grant(DEAD, 1);
            circuits.finished(DEAD, true, 1_000_000);
        }
        assertThat(circuits.state(DEAD)).as("fewer than the minimum calls").isEqualTo(CircuitBreaker.State.CLOSED);
        circuits.grant(DEAD, 1);
        circuits.finished(DEAD, true, 1_000_000);
        assertThat(circuits.state(DEAD)).isEqualTo(CircuitBreaker.State.OPEN);

        Instant probe = START.plusSeconds(10).plusMillis(1);
        assertThat(circuits.grant(DEAD, 16)).as("open: nothing goes, the events wait for the probe")
                .isEqualTo(new TargetCircuits.Grant(0, Optional.of(probe)));
        assertThat(circuits.grant(ALIVE, 16).count()).as("other targets are unaffected").isEqualTo(16);

        clock.moveTo(probe.minusMillis(1));
        assertThat(circuits.grant(DEAD, 16).count()).as("one instant before the probe").isZero();
        clock.moveTo(probe);
        assertThat(circuits.grant(DEAD, 16)).as("one probe; the rest are not claimed while it is out")
                .isEqualTo(new TargetCircuits.Grant(1, Optional.empty()));
        assertThat(circuits.grant(DEAD, 16)).isEqualTo(new TargetCircuits.Grant(0, Optional.empty()));
        circuits.finished(DEAD, true, 1_000_000);
        assertThat(circuits.state(DEAD)).as("the probe failed").isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(circuits.grant(DEAD, 16).holdUntil()).contains(probe.plusSeconds(10).plusMillis(1));
        assertThat(circuits.drainChanged()).as("its held events wait for the new probe")
                .isEqualTo(Map.of(DEAD, Optional.of(probe.plusSeconds(10).plusMillis(1))));
        assertThat(circuits.drainChanged()).isEmpty();

        clock.moveTo(probe.plusSeconds(10).plusMillis(1));
        assertThat(circuits.grant(DEAD, 16).count()).isEqualTo(1);
        circuits.finished(DEAD, false, 1_000_000);
        assertThat(circuits.state(DEAD)).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuits.drainChanged()).as("its held events may go now").isEqualTo(Map.of(DEAD, Optional.empty()));
        assertThat(circuits.drainChanged()).isEmpty();
        assertThat(circuits.grant(DEAD, 16).count()).isEqualTo(16);
    }

    @Test
    void theBreakerOpensAtTheConfiguredFailureRate() {
        for (int i = 0; i < 30; i++) {
            circuits.grant(ALIVE, 1);
            circuits.finished(ALIVE, i % 2 == 0, 1_000_000); // one in two fails
        }
        assertThat(circuits.state(ALIVE)).as("50 % of failures reaches the default threshold").isEqualTo(CircuitBreaker.State.OPEN);

        TargetCircuits lenient = new TargetCircuits(Config.from(Map.of("QWIRE_CIRCUIT_FAILURE_RATE", "60")).circuits(), clock);
        for (int i = 0; i < 30; i++) {
            lenient.grant(ALIVE, 1);
            lenient.finished(ALIVE, i % 2 == 0, 1_000_000);
        }
        assertThat(lenient.state(ALIVE)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void switchedOffOnlyTheCapApplies() {
        TargetCircuits off = new TargetCircuits(Config.from(Map.of("QWIRE_CIRCUIT_BREAKER", "false", "QWIRE_TARGET_CONCURRENCY", "16")).circuits(), clock);
        for (int i = 0; i < 50; i++) {
            off.grant(DEAD, 1);
            off.finished(DEAD, true, 1_000_000);
        }
        assertThat(off.grant(DEAD, 40)).isEqualTo(new TargetCircuits.Grant(16, Optional.empty()));
    }
}
