package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.CallbackMode;
import com.qwire.mock.order.domain.Delay;
import com.qwire.mock.order.domain.InvalidScenarioException;
import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.order.domain.Scenario;
import com.qwire.mock.order.domain.ScenarioRule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The scenarios known at start-up: the built-ins (classpath {@code scenarios/*.yaml}, plus {@code happy},
 * built from the configured delays), then the configured folder's {@code <name>.yaml} files, which may
 * replace a built-in. Any problem stops start-up with file, line and problem.
 */
public final class ScenarioFiles {
    public static final List<String> BUILT_IN_FILES = List.of("slow", "fail", "reject", "flaky-callback", "lost-callback", "create-503", "stuck");

    private final ScenarioParser parser;

    public ScenarioFiles(ScenarioParser parser) {
        this.parser = parser;
    }

    public List<Scenario> load(Duration processingDelay, Duration completionDelay, java.util.Optional<Path> folder) {
        Map<String, Scenario> all = new LinkedHashMap<>();
        Scenario happy = new Scenario("happy", "Processing starts after QWIRE_PROCESSING_DELAY_MS (" + processingDelay.toMillis()
                + " ms) and completes QWIRE_COMPLETION_DELAY_MS (" + completionDelay.toMillis() + " ms) later; every callback is sent once.",
                List.of(new Scenario.Step(new Delay.Fixed(processingDelay), OrderStatus.PROCESSING, Scenario.defaultReason(OrderStatus.PROCESSING),
                                CallbackMode.SEND, Duration.ZERO),
                        new Scenario.Step(new Delay.Fixed(completionDelay), OrderStatus.COMPLETED, Scenario.defaultReason(OrderStatus.COMPLETED),
                                CallbackMode.SEND, Duration.ZERO)),
                Map.of(), Scenario.Source.BUILT_IN);
        all.put(happy.name(), happy);
        for (String name : BUILT_IN_FILES) {
            String resource = "scenarios/" + name + ".yaml";
            all.put(name, parser.parse("classpath:" + resource, readResource(resource), name, Scenario.Source.BUILT_IN));
        }
        folder.ifPresent(dir -> readFolder(dir).forEach(s -> all.put(s.name(), s)));
        return new ArrayList<>(all.values());
    }

    public List<ScenarioRule> rules(Path file) {
        return parser.parseRules(file.toString(), read(file));
    }

    private List<Scenario> readFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidScenarioException(dir.toString(), "QWIRE_SCENARIO_DIR", "QWIRE_SCENARIO_DIR is not a folder");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Scenario> scenarios = new ArrayList<>();
            for (Path file : files.filter(ScenarioFiles::isScenarioFile).sorted().toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
                scenarios.add(parser.parse(file.toString(), read(file), name, Scenario.Source.FILE));
            }
            return scenarios;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list QWIRE_SCENARIO_DIR " + dir, e);
        }
    }

    /** A {@code rules.yaml} beside the scenarios is the selection-rules file, not a scenario. */
    private static boolean isScenarioFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && name.matches(".+\\.ya?ml") && !name.matches("rules\\.ya?ml");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static String readResource(String resource) {
        try (InputStream in = ScenarioFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Built-in scenario " + resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
