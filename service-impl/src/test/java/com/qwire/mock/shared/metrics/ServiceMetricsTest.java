package com.qwire.mock.shared.metrics;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceMetricsTest {
    @Test
    void openMetricsOnlyWhenAcceptRanksItAboveTheTextFormat() {
        assertThat(ServiceMetrics.prefersOpenMetrics("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")).as("Prometheus").isTrue();
        assertThat(ServiceMetrics.prefersOpenMetrics("application/openmetrics-text")).isTrue();
        assertThat(ServiceMetrics.prefersOpenMetrics("text/plain, application/openmetrics-text, application/problem+json"))
                .as("equal rank: the text format").isFalse();
        assertThat(ServiceMetrics.prefersOpenMetrics("*/*")).isFalse();
        assertThat(ServiceMetrics.prefersOpenMetrics(null)).isFalse();
        assertThat(ServiceMetrics.prefersOpenMetrics("application/openmetrics-text;q=0")).isFalse();
        assertThat(ServiceMetrics.prefersOpenMetrics("application/openmetrics-text;q=oops, text/plain")).isFalse();
    }

    @Test
    void aRegistryShowsItsServiceAndBuildAndNothingWhenOff() {
        try (ServiceMetrics on = ServiceMetrics.create(true, "order", "1.2.3", "all");
             ServiceMetrics off = ServiceMetrics.create(false, "order", "1.2.3", "all")) {
            ServiceMetrics.Scrape text = on.scrape(null).orElseThrow();
            assertThat(text.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(new String(text.body(), StandardCharsets.UTF_8))
                    .contains("qwire_build_info{mode=\"all\",service=\"order\",version=\"1.2.3\"} 1")
                    .contains("jvm_memory_used_bytes{").doesNotContain("process_cpu_time_ns");
            assertThat(new String(on.scrape("application/openmetrics-text").orElseThrow().body(), StandardCharsets.UTF_8)).endsWith("# EOF\n");
            assertThat(off.enabled()).isFalse();
            assertThat(off.scrape(null)).isEmpty();
        }
    }
}
