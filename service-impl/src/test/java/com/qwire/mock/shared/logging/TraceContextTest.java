package com.qwire.mock.shared.logging;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void theTraceIdOfAWellFormedTraceparent() {
        assertThat(TraceContext.traceIdOf("00-" + TRACE + "-00f067aa0ba902b7-01")).hasValue(TRACE);
        assertThat(TraceContext.traceIdOf(" 00-" + TRACE + "-00f067aa0ba902b7-00 ")).hasValue(TRACE);
        // A later version may add fields after the four it shares with 00.
        assertThat(TraceContext.traceIdOf("01-" + TRACE + "-00f067aa0ba902b7-01-future")).hasValue(TRACE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "00-" + TRACE + "-00f067aa0ba902b7", "ff-" + TRACE + "-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-" + TRACE + "-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-" + TRACE + "-00f067aa0ba902b7-01-extra",
            "0-" + TRACE + "-00f067aa0ba902b7-01", "00-" + TRACE + "x-00f067aa0ba902b7-01"})
    void aMalformedTraceparentIsIgnored(String header) {
        assertThat(TraceContext.traceIdOf(header)).isEmpty();
        assertThat(TraceContext.traceIdOf(null)).isEmpty();
    }

    @Test
    void aCallbackCarriesTheOrdersTraceAndASpanOfItsOwnPerAttempt() {
        String first = TraceContext.forCallback(TRACE, "e1", 1);
        String second = TraceContext.forCallback(TRACE, "e1", 2);
        assertThat(first).matches("00-" + TRACE + "-[0-9a-f]{16}-01");
        assertThat(TraceContext.traceIdOf(first)).hasValue(TRACE);
        assertThat(second).isNotEqualTo(first).startsWith("00-" + TRACE + "-");
        assertThat(TraceContext.forCallback(TRACE, "e1", 1)).as("reproducible").isEqualTo(first);
    }

    @Test
    void anyOtherTraceIdIsCarriedAsADerivedOneTheSameForEveryCallbackOfTheOrder() {
        String derived = TraceContext.w3cTraceId("my-first-order");
        assertThat(derived).matches("[0-9a-f]{32}").isEqualTo(TraceContext.w3cTraceId("my-first-order"));
        assertThat(TraceContext.forCallback("my-first-order", "e1", 1)).startsWith("00-" + derived + "-");
        assertThat(TraceContext.w3cTraceId("00000000000000000000000000000000")).isNotEqualTo("00000000000000000000000000000000");
    }
}
