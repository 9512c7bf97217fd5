package com.qwire.mock.order.domain;

/** Port: reads a scenario definition (YAML or JSON text), or throws {@link InvalidScenarioException} naming line and problem. */
public interface ScenarioDefinitions {
    Scenario parse(String source, String text, String name, Scenario.Source origin);
}
