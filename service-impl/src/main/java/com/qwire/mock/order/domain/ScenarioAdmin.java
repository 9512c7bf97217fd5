package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.errors.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Lists scenarios and defines new ones through the admin API, checked exactly like the files read at start-up. */
public final class ScenarioAdmin {
    private static final Logger log = LoggerFactory.getLogger(ScenarioAdmin.class);

    private final ScenarioCatalog catalog;
    private final ScenarioDefinitions definitions;
    private final String defaultScenario;

    public ScenarioAdmin(ScenarioCatalog catalog, ScenarioDefinitions definitions, String defaultScenario) {
        this.catalog = catalog;
        this.definitions = definitions;
        this.defaultScenario = defaultScenario;
    }

    public String defaultScenario() {
        return defaultScenario;
    }

    public List<Scenario> all() {
        return catalog.all();
    }

    /** The most scenarios the admin API defines (they live in memory); replacing one is always allowed. */
    public static final int MAX_UPLOADED = 200;

    public synchronized Defined define(String name, String text) {
        Scenario scenario = definitions.parse("request body", text, name, Scenario.Source.API);
        long uploaded = catalog.all().stream().filter(s -> s.source() == Scenario.Source.API).count();
        if (catalog.find(name).isEmpty() && uploaded >= MAX_UPLOADED) {
            throw new QwireException(ErrorCode.LIMIT_REACHED, MAX_UPLOADED + " scenarios are defined through the admin API, the most this "
                    + "instance keeps; replace one of them instead.",
                    List.of(new FieldViolation("scenarios", "at most " + MAX_UPLOADED + " uploaded")));
        }
        boolean replaced = catalog.define(scenario);
        log.info("Scenario {} {} through the admin API: {} steps{}", name, replaced ? "replaced" : "defined", scenario.steps().size(),
                scenario.faults().isEmpty() ? "" : ", faults on " + scenario.faults().keySet());
        return new Defined(scenario, !replaced);
    }

    public record Defined(Scenario scenario, boolean created) {
    }
}
