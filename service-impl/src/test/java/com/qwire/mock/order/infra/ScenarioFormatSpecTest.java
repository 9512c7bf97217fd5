package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.Scenario;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** specs/scenario-format.md: its examples are valid for the real parser, and its built-in table is the service's. */
class ScenarioFormatSpecTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern BUILT_IN_ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\|", Pattern.MULTILINE);

    private final ScenarioParser parser = new ScenarioParser();

    private static String spec() throws IOException {
        try (InputStream in = ScenarioFormatSpecTest.class.getClassLoader().getResourceAsStream("specs/scenario-format.md")) {
            assertThat(in).as("specs/scenario-format.md on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyYamlExampleIsValid() throws IOException {
        Matcher blocks = YAML_BLOCK.matcher(spec());
        List<String> examples = new ArrayList<>();
        while (blocks.find()) {
            examples.add(blocks.group(1));
        }
        assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
        for (String example : examples) {
            if (example.startsWith("rules:")) {
                assertThat(parser.parseRules("scenario-format.md", example)).isNotEmpty();
            } else {
                Matcher name = Pattern.compile("^name: ([a-z0-9-]+)", Pattern.MULTILINE).matcher(example);
                Scenario scenario = parser.parse("scenario-format.md", example, name.find() ? name.group(1) : "example", Scenario.Source.FILE);
                assertThat(scenario.steps()).isNotEmpty();
            }
        }
    }

    @Test
    void theBuiltInTableListsExactlyTheBuiltIns() throws IOException {
        String spec = spec();
        String table = spec.substring(spec.indexOf("## 5."));
        Set<String> documented = new TreeSet<>();
        Matcher rows = BUILT_IN_ROW.matcher(table);
        while (rows.find()) {
            documented.add(rows.group(1));
        }
        Set<String> builtIn = new TreeSet<>();
        new ScenarioFiles(parser).load(Duration.ofMillis(200), Duration.ofMillis(500), Optional.empty()).forEach(s -> builtIn.add(s.name()));
        assertThat(documented).isEqualTo(builtIn);
    }
}
