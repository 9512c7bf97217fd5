package com.qwire.mock.order.domain;

import com.qwire.mock.shared.random.RandomSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioSelectorTest {
    private static Scenario named(String name) {
        return new Scenario(name, "", List.of(), Map.of(), Scenario.Source.BUILT_IN);
    }

    private final ScenarioCatalog catalog = new ScenarioCatalog(List.of(named("happy"), named("slow"), named("fail"), named("flaky")));
    private final ScenarioSelector selector = new ScenarioSelector(catalog, List.of(
            new ScenarioRule("slow", Optional.of("SKU-SLOW"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
            new ScenarioRule("fail", Optional.empty(), Optional.of(new BigDecimal("1000")), Optional.of(new BigDecimal("2000")), Optional.empty(), Optional.empty()),
            new ScenarioRule("flaky", Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("case"), Optional.of("flaky"))),
            "happy");

    private static NewOrder order(String product, String amount, String scenario, Map<String, String> metadata) {
        return new NewOrder(null, product, 1, new BigDecimal(amount), "EUR", null, null, scenario, metadata);
    }

    @Test
    void firstMatchWinsFieldThenHeaderThenRulesThenDefault() {
        NewOrder matchesSlowRule = order("SKU-SLOW", "5.00", null, Map.of());
        assertThat(selector.choose(order("SKU-SLOW", "5.00", "fail", Map.of()), Optional.of("flaky")).name()).isEqualTo("fail");
        assertThat(selector.choose(matchesSlowRule, Optional.of("flaky")).name()).isEqualTo("flaky");
        assertThat(selector.choose(matchesSlowRule, Optional.empty()).name()).isEqualTo("slow");
        assertThat(selector.choose(order("SKU-X", "5.00", null, Map.of()), Optional.empty()).name()).isEqualTo("happy");
    }

    @Test
    void rulesMatchAmountRangeInclusiveAndMetadataValue() {
        assertThat(selector.choose(order("SKU-X", "1000.00", null, Map.of()), Optional.empty()).name()).isEqualTo("fail");
        assertThat(selector.choose(order("SKU-X", "2000.00", null, Map.of()), Optional.empty()).name()).isEqualTo("fail");
        assertThat(selector.choose(order("SKU-X", "2000.01", null, Map.of()), Optional.empty()).name()).isEqualTo("happy");
        assertThat(selector.choose(order("SKU-X", "5.00", null, Map.of("case", "flaky")), Optional.empty()).name()).isEqualTo("flaky");
        assertThat(selector.choose(order("SKU-X", "5.00", null, Map.of("case", "other")), Optional.empty()).name()).isEqualTo("happy");
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> selector.choose(order("SKU-X", "5.00", "nope", Map.of()), Optional.empty()))
                .isInstanceOf(UnknownScenarioException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("fail, flaky, happy, slow");
        assertThatThrownBy(() -> new ScenarioSelector(catalog, List.of(), "missing")).isInstanceOf(UnknownScenarioException.class);
    }

    @Test
    void planDrawsEveryWaitOnceFromTheSeed() {
        Scenario slow = new Scenario("s", "", List.of(
                new Scenario.Step(new Delay.Uniform(Duration.ofSeconds(2), Duration.ofSeconds(5)), OrderStatus.PROCESSING, "P", CallbackMode.SEND, Duration.ZERO),
                new Scenario.Step(new Delay.LogNormal(Duration.ofSeconds(20), 0.5, Duration.ofSeconds(120)), OrderStatus.COMPLETED, "C",
                        CallbackMode.SEND, Duration.ZERO)), Map.of(), Scenario.Source.BUILT_IN);
        Plan a = slow.plan(RandomSource.create(OptionalLong.of(7)));
        Plan b = slow.plan(RandomSource.create(OptionalLong.of(7)));
        assertThat(a).isEqualTo(b);
        assertThat(a.steps().get(0).after()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(a.steps().get(1).after()).isBetween(Duration.ZERO, Duration.ofSeconds(120));
        RandomSource many = RandomSource.create(OptionalLong.of(1));
        var firstWaits = java.util.stream.IntStream.range(0, 200).mapToObj(i -> slow.plan(many).steps().get(0).after()).toList();
        assertThat(firstWaits).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        assertThat(firstWaits.stream().min(Duration::compareTo).orElseThrow()).isLessThan(Duration.ofMillis(2100));
        assertThat(firstWaits.stream().max(Duration::compareTo).orElseThrow()).isGreaterThan(Duration.ofMillis(4900));
        assertThat(firstWaits.stream().distinct().count()).isGreaterThan(100);
    }

    @Test
    void planResumesAfterAManualMove() {
        Plan plan = new Plan("p", List.of(
                new Plan.Step(Duration.ofSeconds(1), OrderStatus.PROCESSING, "P", CallbackMode.SEND, Duration.ZERO),
                new Plan.Step(Duration.ofSeconds(2), OrderStatus.COMPLETED, "C", CallbackMode.SEND, Duration.ZERO)));
        assertThat(plan.resumeAfter(OrderStatus.PROCESSING)).contains(1);
        assertThat(plan.resumeAfter(OrderStatus.COMPLETED)).isEmpty();
        Plan rejecting = new Plan("r", List.of(new Plan.Step(Duration.ofSeconds(1), OrderStatus.REJECTED, "R", CallbackMode.SEND, Duration.ZERO)));
        assertThat(rejecting.resumeAfter(OrderStatus.PROCESSING)).isEmpty();
    }
}
