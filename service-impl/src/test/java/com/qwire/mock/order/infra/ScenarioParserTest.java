package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.ApiOperation;
import com.qwire.mock.order.domain.CallbackMode;
import com.qwire.mock.order.domain.Delay;
import com.qwire.mock.order.domain.InvalidScenarioException;
import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.order.domain.Scenario;
import com.qwire.mock.order.domain.ScenarioRule;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioParserTest {
    private final ScenarioParser parser = new ScenarioParser();

    private Scenario parse(String yaml) {
        return parser.parse("test.yaml", yaml, "test", Scenario.Source.FILE);
    }

    private void rejects(String yaml, String where, String problem) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOfSatisfying(InvalidScenarioException.class, e -> {
                    assertThat(e.where()).isEqualTo(where);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).isEqualTo(e.where() + ": " + e.problem());
                });
    }

    @Test
    void readsEveryPartOfTheFormat() {
        Scenario s = parse("""
                description: all of it
                steps:
                  - wait: { uniform: { min: PT1S, max: PT2S } }
                    to: PROCESSING
                    callback: { mode: TWICE }
                  - wait: { lognormal: { median: PT10S, sigma: 0.5 } }
                    to: FAILED
                    reason: PAYMENT_DECLINED
                    callback: { delay: PT30S }
                api:
                  create: { status: 503, probability: 0.25, retryAfter: PT2S, delay: PT0.1S, firstAttempts: 2 }
                  get: { delay: PT0.05S }
                """);
        assertThat(s.name()).isEqualTo("test");
        assertThat(s.description()).isEqualTo("all of it");
        assertThat(s.steps()).containsExactly(
                new Scenario.Step(new Delay.Uniform(Duration.ofSeconds(1), Duration.ofSeconds(2)), OrderStatus.PROCESSING,
                        "PROCESSING_STARTED", CallbackMode.TWICE, Duration.ZERO),
                new Scenario.Step(new Delay.LogNormal(Duration.ofSeconds(10), 0.5, Duration.ofSeconds(100)), OrderStatus.FAILED,
                        "PAYMENT_DECLINED", CallbackMode.SEND, Duration.ofSeconds(30)));
        var create = s.fault(ApiOperation.CREATE_ORDER).orElseThrow();
        assertThat(create.status()).isEqualTo(503);
        assertThat(create.probability()).isEqualTo(0.25);
        assertThat(create.retryAfter()).contains(Duration.ofSeconds(2));
        assertThat(create.delay()).isEqualTo(Duration.ofMillis(100));
        assertThat(create.firstAttempts()).isEqualTo(2);
        var get = s.fault(ApiOperation.GET_ORDER).orElseThrow();
        assertThat(get.fails()).isFalse();
        assertThat(get.delay()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void jsonIsReadToo() {
        Scenario s = parser.parse("body", "{\"steps\": [{\"to\": \"REJECTED\", \"wait\": {\"fixed\": \"PT1S\"}}]}", "json-one", Scenario.Source.API);
        assertThat(s.steps()).singleElement().satisfies(step -> {
            assertThat(step.to()).isEqualTo(OrderStatus.REJECTED);
            assertThat(step.delay()).isEqualTo(new Delay.Fixed(Duration.ofSeconds(1)));
        });
    }

    @Test
    void everyBuiltInFileParsesAndFollowsTheStateMachine() {
        List<Scenario> all = new ScenarioFiles(parser).load(Duration.ofMillis(200), Duration.ofMillis(500), Optional.empty());
        assertThat(all).extracting(Scenario::name).containsExactlyInAnyOrder(
                "happy", "slow", "fail", "reject", "flaky-callback", "lost-callback", "create-503", "stuck");
        assertThat(all).allSatisfy(s -> assertThat(s.source()).isEqualTo(Scenario.Source.BUILT_IN));
        assertThat(all).allSatisfy(s -> assertThat(s.description()).isNotBlank());
    }

    /** Issue 10: a wait the database cannot store was accepted, then every order using it failed with 500. */
    @Test
    void aDurationBeyondThirtyDaysIsRefusedAtItsLine() {
        rejects("""
                steps:
                  - wait: {fixed: P9999999D}
                    to: PROCESSING
                """, "test.yaml:2:19", "must be at most P30D, got P9999999D");
        assertThat(parse("""
                steps:
                  - wait: {fixed: P30D}
                    to: PROCESSING
                """).steps()).hasSize(1);
    }

    @Test
    void anIllegalMoveNamesTheStepsLine() {
        rejects("""
                steps:
                  - to: PROCESSING
                  - to: CREATED
                """, "test.yaml:3:9", "a step cannot move to it");
        rejects("""
                steps:
                  - to: COMPLETED
                """, "test.yaml:2:5", "step 1 moves CREATED -> COMPLETED, which the order state machine does not allow");
        rejects("""
                steps:
                  - to: REJECTED
                  - to: PROCESSING
                """, "test.yaml:3:5", "(REJECTED is terminal)");
    }

    @Test
    void shapeProblemsNameLineAndColumn() {
        rejects("""
                steps:
                  - to: PROCESSING
                    colour: red
                """, "test.yaml:3:5", "unknown field 'colour'");
        rejects("""
                steps:
                  - to: PROCESSING
                    wait: { fixed: 30s }
                """, "test.yaml:3:20", "'30s' is not an ISO-8601 duration");
        rejects("""
                steps:
                  - to: PROCESSING
                    wait: { uniform: { min: PT5S, max: PT1S } }
                """, "test.yaml:3:11", "uniform.max (PT1S) must not be below uniform.min (PT5S)");
        rejects("""
                steps:
                  - to: PROCESSING
                    wait: { fixed: PT1S, uniform: { min: PT1S, max: PT2S } }
                """, "test.yaml:3:11", "exactly one of fixed, uniform or lognormal");
        rejects("""
                steps:
                  - to: SHIPPED
                """, "test.yaml:2:9", "'SHIPPED' is not one of");
        rejects("""
                steps: []
                api:
                  create: { status: 200 }
                """, "test.yaml:3:11", "status must be between 400 and 599");
        rejects("""
                steps: []
                api:
                  create: { status: 503, probability: 1.5 }
                """, "test.yaml:3:11", "probability must be between 0 and 1");
        rejects("""
                description: no steps
                """, "test.yaml:1:1", "steps is required");
    }

    @Test
    void yamlSyntaxErrorsNameTheirPlace() {
        rejects("""
                steps:
                  - to: PROCESSING
                   wait: { fixed: PT1S }
                """, "test.yaml:3:4", "expected <block end>");
        rejects("", "test.yaml:1:1", "the document is empty");
    }

    @Test
    void theNameInsideMustMatchTheFileOrPath() {
        rejects("""
                name: other
                steps: []
                """, "test.yaml:1:7", "name 'other' differs from 'test' (the file's name)");
    }

    @Test
    void rulesFileReadsConditionsInOrder() {
        List<ScenarioRule> rules = parser.parseRules("rules.yaml", """
                rules:
                  - scenario: slow
                    productCode: SKU-BOOK-001
                  - scenario: fail
                    amount: { min: 1000.00 }
                  - scenario: flaky-callback
                    metadata: { key: test-case, value: flaky }
                """);
        assertThat(rules).containsExactly(
                new ScenarioRule("slow", Optional.of("SKU-BOOK-001"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                new ScenarioRule("fail", Optional.empty(), Optional.of(new BigDecimal("1000.00")), Optional.empty(), Optional.empty(), Optional.empty()),
                new ScenarioRule("flaky-callback", Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("test-case"), Optional.of("flaky")));
        assertThatThrownBy(() -> parser.parseRules("rules.yaml", """
                rules:
                  - scenario: slow
                """)).isInstanceOfSatisfying(InvalidScenarioException.class,
                e -> assertThat(e.getMessage()).isEqualTo("rules.yaml:2:5: a rule needs at least one condition (productCode, amount or metadata)"));
    }
}
