package com.qwire.mock.order.domain;

import java.util.List;
import java.util.Optional;

/**
 * Picks the scenario of a new order, first match wins: the request's {@code scenario} field, the
 * {@code X-Mock-Scenario} header, the configured rules in order, the configured default.
 */
public final class ScenarioSelector {
    private final ScenarioCatalog catalog;
    private final List<ScenarioRule> rules;
    private final String defaultScenario;

    public ScenarioSelector(ScenarioCatalog catalog, List<ScenarioRule> rules, String defaultScenario) {
        this.catalog = catalog;
        this.rules = List.copyOf(rules);
        this.defaultScenario = defaultScenario;
        rules.forEach(rule -> catalog.require(rule.scenario()));
        catalog.require(defaultScenario);
    }

    public Scenario choose(NewOrder order, Optional<String> header) {
        if (order.scenario() != null) {
            return catalog.require(order.scenario());
        }
        if (header.isPresent()) {
            return catalog.require(header.get());
        }
        return rules.stream().filter(rule -> rule.matches(order)).findFirst()
                .map(rule -> catalog.require(rule.scenario()))
                .orElseGet(() -> catalog.require(defaultScenario));
    }
}
