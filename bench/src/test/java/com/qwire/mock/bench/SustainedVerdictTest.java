package com.qwire.mock.bench;

import com.qwire.mock.bench.Sustained.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule that says whether a sustained step held its rate, on rows taken from bench/results.md. */
class SustainedVerdictTest {
    @Test
    void aStepWhoseCallbacksKeptPaceWithAFlatBacklogHolds() {
        // 2026-11-30T06:05Z, 600 orders/s: 1,187 of 1,200 callbacks/s, backlog at most 91.
        assertThat(Sustained.verdict(600, 0.3, 91, 0, 1187)).isEqualTo(Verdict.FLAT);
    }

    @Test
    void aFlatBacklogWithTooFewCallbacksIsBehindNotFlat() {
        // 2026-12-01T02:18Z, 600 orders/s offered: creates took 9 s at p50, 834 callbacks/s came through.
        assertThat(Sustained.verdict(600, 2.7, 440, 0, 834)).isEqualTo(Verdict.BEHIND);
        assertThat(Sustained.verdict(600, 0, 0, 0, Sustained.KEPT_PACE * 1200 - 1)).isEqualTo(Verdict.BEHIND);
        assertThat(Sustained.verdict(600, 0, 0, 0, Sustained.KEPT_PACE * 1200)).isEqualTo(Verdict.FLAT);
    }

    @Test
    void aBacklogAboveOneSecondOfCallbacksGrows() {
        // 2026-12-01T00:00Z, 450 orders/s: a spike to 1,554 after the step, then a falling slope.
        assertThat(Sustained.verdict(450, -6.0, 1554, 0, 886)).isEqualTo(Verdict.GROWS);
        assertThat(Sustained.verdict(450, 0, 900, 0, 900)).isEqualTo(Verdict.FLAT);
    }

    @Test
    void aRisingBacklogGrows() {
        assertThat(Sustained.verdict(400, 0.02 * 800, 100, 0, 800)).isEqualTo(Verdict.GROWS);
        assertThat(Sustained.verdict(400, 0.02 * 800 - 0.1, 100, 0, 800)).isEqualTo(Verdict.FLAT);
    }

    @Test
    void aLostCallbackFailsTheStepWhateverTheRate() {
        assertThat(Sustained.verdict(100, 0, 5, 1, 200)).isEqualTo(Verdict.GROWS);
    }

    @Test
    void theRowShowsTheVerdictAsBefore() {
        assertThat(Verdict.FLAT).hasToString("flat");
        assertThat(Verdict.GROWS).hasToString("GROWS");
        assertThat(Verdict.BEHIND).hasToString("BEHIND");
    }
}
