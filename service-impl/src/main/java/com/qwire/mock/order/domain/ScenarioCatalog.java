package com.qwire.mock.order.domain;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scenarios this service knows: built-ins, then the configured folder's files (which may replace a
 * built-in of the same name), then uploads through the admin API. Kept in memory: uploads last until
 * restart; orders keep their own {@link Plan}, so changing a scenario never changes an accepted order.
 */
public final class ScenarioCatalog {
    private final Map<String, Scenario> scenarios = new ConcurrentHashMap<>();

    public ScenarioCatalog(List<Scenario> initial) {
        initial.forEach(s -> scenarios.put(s.name(), s));
    }

    public Optional<Scenario> find(String name) {
        return Optional.ofNullable(scenarios.get(name));
    }

    public Scenario require(String name) {
        return find(name).orElseThrow(() -> new UnknownScenarioException(name, scenarios.keySet()));
    }

    public List<Scenario> all() {
        return scenarios.values().stream().sorted(Comparator.comparing(Scenario::name)).toList();
    }

    /** Adds or replaces; returns whether it replaced one. */
    public boolean define(Scenario scenario) {
        return scenarios.put(scenario.name(), scenario) != null;
    }
}
