package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.ApiFault;
import com.qwire.mock.order.domain.ApiOperation;
import com.qwire.mock.order.domain.CallbackMode;
import com.qwire.mock.order.domain.Delay;
import com.qwire.mock.order.domain.InvalidScenarioException;
import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.order.domain.Scenario;
import com.qwire.mock.order.domain.ScenarioDefinitions;
import com.qwire.mock.order.domain.ScenarioRule;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads scenario definitions (YAML, or JSON — which YAML reads too) and selection-rule files, walking
 * SnakeYAML's node tree so that every problem names its source, line and column
 * (specs/scenario-format.md). Nothing is built from a document with a problem.
 */
public final class ScenarioParser implements ScenarioDefinitions {
    private static final Set<String> SCENARIO_KEYS = Set.of("name", "description", "steps", "api");
    /** The longest wait or delay a scenario may give (specs/scenario-format.md). */
    public static final Duration MAX_DURATION = Duration.ofDays(30);
    private static final Set<String> STEP_KEYS = Set.of("wait", "to", "reason", "callback");
    private static final Set<String> WAIT_KEYS = Set.of("fixed", "uniform", "lognormal");
    private static final Set<String> FAULT_KEYS = Set.of("status", "probability", "retryAfter", "delay", "firstAttempts");
    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final int MAX_DESCRIPTION = 500;

    /**
     * Parses one scenario. {@code name} is the name it must have (the file's base name, or the admin path);
     * a {@code name} inside the document must agree with it.
     */
    @Override
    public Scenario parse(String source, String text, String name, Scenario.Source origin) {
        Doc doc = new Doc(source);
        Node root = doc.compose(text);
        Map<String, NodeTuple> fields = doc.mapping(root, "", SCENARIO_KEYS);
        String declared = doc.optionalScalar(fields, "name", "name").orElse(name);
        if (!declared.equals(name)) {
            throw doc.error(fields.get("name").getValueNode(), "name", "name '" + declared + "' differs from '" + name + "'"
                    + (origin == Scenario.Source.FILE ? " (the file's name)" : " (the name in the path)"));
        }
        String description = doc.optionalScalar(fields, "description", "description").orElse("");
        if (description.length() > MAX_DESCRIPTION) {
            throw doc.error(fields.get("description").getValueNode(), "description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        List<Scenario.Step> steps = new ArrayList<>();
        List<Node> stepNodes = fields.containsKey("steps") ? doc.sequence(fields.get("steps").getValueNode(), "steps") : null;
        if (stepNodes == null) {
            throw doc.error(root, "steps", "steps is required (an empty list keeps orders CREATED)");
        }
        for (int i = 0; i < stepNodes.size(); i++) {
            steps.add(step(doc, stepNodes.get(i), "steps[" + i + "]"));
        }
        Map<ApiOperation, ApiFault> faults = new EnumMap<>(ApiOperation.class);
        if (fields.containsKey("api")) {
            Set<String> operations = Set.of(Arrays.stream(ApiOperation.values()).map(ApiOperation::key).toArray(String[]::new));
            Map<String, NodeTuple> api = doc.mapping(fields.get("api").getValueNode(), "api", operations);
            for (ApiOperation operation : ApiOperation.values()) {
                if (api.containsKey(operation.key())) {
                    faults.put(operation, fault(doc, api.get(operation.key()).getValueNode(), "api." + operation.key()));
                }
            }
        }
        try {
            return new Scenario(name, description, steps, faults, origin);
        } catch (Scenario.StepException e) {
            throw doc.error(stepNodes.get(e.step()), "steps[" + e.step() + "].to", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw doc.error(root, "name", e.getMessage());
        }
    }

    /** Parses a selection-rules file: {@code rules:} a list, first match wins (specs/scenario-format.md). */
    public List<ScenarioRule> parseRules(String source, String text) {
        Doc doc = new Doc(source);
        Map<String, NodeTuple> fields = doc.mapping(doc.compose(text), "", Set.of("rules"));
        if (!fields.containsKey("rules")) {
            return List.of();
        }
        List<ScenarioRule> rules = new ArrayList<>();
        List<Node> nodes = doc.sequence(fields.get("rules").getValueNode(), "rules");
        for (int i = 0; i < nodes.size(); i++) {
            String path = "rules[" + i + "]";
            Map<String, NodeTuple> rule = doc.mapping(nodes.get(i), path, Set.of("scenario", "productCode", "amount", "metadata"));
            String scenario = doc.requiredScalar(nodes.get(i), rule, "scenario", path + ".scenario");
            Optional<BigDecimal> min = Optional.empty();
            Optional<BigDecimal> max = Optional.empty();
            if (rule.containsKey("amount")) {
                Map<String, NodeTuple> amount = doc.mapping(rule.get("amount").getValueNode(), path + ".amount", Set.of("min", "max"));
                min = doc.optionalDecimal(amount, "min", path + ".amount.min");
                max = doc.optionalDecimal(amount, "max", path + ".amount.max");
            }
            Optional<String> key = Optional.empty();
            Optional<String> value = Optional.empty();
            if (rule.containsKey("metadata")) {
                Map<String, NodeTuple> metadata = doc.mapping(rule.get("metadata").getValueNode(), path + ".metadata", Set.of("key", "value"));
                key = doc.optionalScalar(metadata, "key", path + ".metadata.key");
                value = doc.optionalScalar(metadata, "value", path + ".metadata.value");
            }
            try {
                rules.add(new ScenarioRule(scenario, doc.optionalScalar(rule, "productCode", path + ".productCode"), min, max, key, value));
            } catch (IllegalArgumentException e) {
                throw doc.error(nodes.get(i), path, e.getMessage());
            }
        }
        return rules;
    }

    private static Scenario.Step step(Doc doc, Node node, String path) {
        Map<String, NodeTuple> fields = doc.mapping(node, path, STEP_KEYS);
        String toText = doc.requiredScalar(node, fields, "to", path + ".to");
        OrderStatus to = doc.enumValue(OrderStatus.class, fields.get("to").getValueNode(), toText, path + ".to");
        if (to == OrderStatus.CREATED) {
            throw doc.error(fields.get("to").getValueNode(), path + ".to", "an order starts CREATED; a step cannot move to it");
        }
        Delay wait = fields.containsKey("wait") ? wait(doc, fields.get("wait").getValueNode(), path + ".wait") : new Delay.Fixed(Duration.ZERO);
        String reason = doc.optionalScalar(fields, "reason", path + ".reason").orElse(Scenario.defaultReason(to));
        if (!REASON.matcher(reason).matches()) {
            throw doc.error(fields.get("reason").getValueNode(), path + ".reason", "must be 1-64 of A-Z, 0-9 and _, starting with a letter");
        }
        CallbackMode mode = CallbackMode.SEND;
        Duration callbackDelay = Duration.ZERO;
        if (fields.containsKey("callback")) {
            Node callbackNode = fields.get("callback").getValueNode();
            Map<String, NodeTuple> callback = doc.mapping(callbackNode, path + ".callback", Set.of("mode", "delay"));
            Optional<String> modeText = doc.optionalScalar(callback, "mode", path + ".callback.mode");
            if (modeText.isPresent()) {
                mode = doc.enumValue(CallbackMode.class, callback.get("mode").getValueNode(), modeText.get(), path + ".callback.mode");
            }
            callbackDelay = doc.optionalDuration(callback, "delay", path + ".callback.delay").orElse(Duration.ZERO);
        }
        try {
            return new Scenario.Step(wait, to, reason, mode, callbackDelay);
        } catch (IllegalArgumentException e) {
            throw doc.error(node, path, e.getMessage());
        }
    }

    private static Delay wait(Doc doc, Node node, String path) {
        Map<String, NodeTuple> fields = doc.mapping(node, path, WAIT_KEYS);
        if (fields.size() != 1) {
            throw doc.error(node, path, "give exactly one of fixed, uniform or lognormal");
        }
        try {
            if (fields.containsKey("fixed")) {
                return new Delay.Fixed(doc.duration(fields.get("fixed").getValueNode(), path + ".fixed"));
            }
            if (fields.containsKey("uniform")) {
                Node uniformNode = fields.get("uniform").getValueNode();
                Map<String, NodeTuple> uniform = doc.mapping(uniformNode, path + ".uniform", Set.of("min", "max"));
                return new Delay.Uniform(doc.requiredDuration(uniformNode, uniform, "min", path + ".uniform.min"),
                        doc.requiredDuration(uniformNode, uniform, "max", path + ".uniform.max"));
            }
            Node logNode = fields.get("lognormal").getValueNode();
            Map<String, NodeTuple> lognormal = doc.mapping(logNode, path + ".lognormal", Set.of("median", "sigma", "max"));
            Duration median = doc.requiredDuration(logNode, lognormal, "median", path + ".lognormal.median");
            double sigma = doc.number(lognormal.containsKey("sigma") ? lognormal.get("sigma").getValueNode() : null, logNode, path + ".lognormal.sigma");
            Duration max = doc.optionalDuration(lognormal, "max", path + ".lognormal.max").orElse(median.multipliedBy(10));
            return new Delay.LogNormal(median, sigma, max);
        } catch (InvalidScenarioException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw doc.error(node, path, e.getMessage());
        }
    }

    private static ApiFault fault(Doc doc, Node node, String path) {
        Map<String, NodeTuple> fields = doc.mapping(node, path, FAULT_KEYS);
        int status = fields.containsKey("status") ? (int) doc.integer(fields.get("status").getValueNode(), path + ".status") : 0;
        double probability = fields.containsKey("probability") ? doc.number(fields.get("probability").getValueNode(), node, path + ".probability") : 1.0;
        int firstAttempts = fields.containsKey("firstAttempts") ? (int) doc.integer(fields.get("firstAttempts").getValueNode(), path + ".firstAttempts") : 0;
        try {
            return new ApiFault(status, probability, doc.optionalDuration(fields, "retryAfter", path + ".retryAfter"),
                    doc.optionalDuration(fields, "delay", path + ".delay").orElse(Duration.ZERO), firstAttempts);
        } catch (IllegalArgumentException e) {
            throw doc.error(node, path, e.getMessage());
        }
    }

    /** One document being read: typed access to its nodes, and errors that point into it. */
    private record Doc(String source) {
        Node compose(String text) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            options.setCodePointLimit(1 << 20);
            try {
                Node root = new Yaml(options).compose(new StringReader(text));
                if (root == null) {
                    throw new InvalidScenarioException(source + ":1:1", "", "the document is empty");
                }
                return root;
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String problem = (e.getProblem() == null ? "not valid YAML" : e.getProblem())
                        + (e.getContext() == null ? "" : " (" + e.getContext() + ")");
                throw new InvalidScenarioException(where(mark), "", problem.replace('\n', ' '));
            } catch (YAMLException e) {
                throw new InvalidScenarioException(source + ":1:1", "", "not valid YAML: " + e.getMessage());
            }
        }

        InvalidScenarioException error(Node node, String path, String problem) {
            return new InvalidScenarioException(where(node.getStartMark()), path.isEmpty() ? "scenario" : path, problem);
        }

        String where(Mark mark) {
            return mark == null ? source : source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
        }

        Map<String, NodeTuple> mapping(Node node, String path, Set<String> allowed) {
            if (!(node instanceof MappingNode mapping)) {
                throw error(node, path, (path.isEmpty() ? "the document" : path) + " must be a mapping");
            }
            Map<String, NodeTuple> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw error(tuple.getKeyNode(), path, "keys must be plain names");
                }
                String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                if (!allowed.contains(key.getValue())) {
                    throw error(key, child, "unknown field '" + key.getValue() + "'; expected one of " + String.join(", ", new TreeSet<>(allowed)));
                }
                fields.put(key.getValue(), tuple);
            }
            return fields;
        }

        List<Node> sequence(Node node, String path) {
            if (!(node instanceof SequenceNode sequence)) {
                throw error(node, path, path + " must be a list");
            }
            return sequence.getValue();
        }

        String scalar(Node node, String path) {
            if (!(node instanceof ScalarNode scalar) || scalar.getTag().getValue().endsWith(":null")) {
                throw error(node, path, path + " must be a single value");
            }
            return scalar.getValue().trim();
        }

        Optional<String> optionalScalar(Map<String, NodeTuple> fields, String key, String path) {
            return fields.containsKey(key) ? Optional.of(scalar(fields.get(key).getValueNode(), path)) : Optional.empty();
        }

        String requiredScalar(Node parent, Map<String, NodeTuple> fields, String key, String path) {
            if (!fields.containsKey(key)) {
                throw error(parent, path, path + " is required");
            }
            return scalar(fields.get(key).getValueNode(), path);
        }

        <E extends Enum<E>> E enumValue(Class<E> type, Node node, String text, String path) {
            try {
                return Enum.valueOf(type, text);
            } catch (IllegalArgumentException e) {
                throw error(node, path, "'" + text + "' is not one of " + Arrays.toString(type.getEnumConstants()));
            }
        }

        Duration duration(Node node, String path) {
            String text = scalar(node, path);
            try {
                Duration d = Duration.parse(text.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw error(node, path, "must not be negative, got " + text);
                }
                if (d.compareTo(MAX_DURATION) > 0) {
                    // A due time beyond what the database stores failed every order using the scenario (issue 10).
                    throw error(node, path, "must be at most P" + MAX_DURATION.toDays() + "D, got " + text);
                }
                return d;
            } catch (DateTimeParseException e) {
                throw error(node, path, "'" + text + "' is not an ISO-8601 duration (e.g. PT30S, PT1.5S, PT2M)");
            }
        }

        Optional<Duration> optionalDuration(Map<String, NodeTuple> fields, String key, String path) {
            return fields.containsKey(key) ? Optional.of(duration(fields.get(key).getValueNode(), path)) : Optional.empty();
        }

        Duration requiredDuration(Node parent, Map<String, NodeTuple> fields, String key, String path) {
            if (!fields.containsKey(key)) {
                throw error(parent, path, path + " is required");
            }
            return duration(fields.get(key).getValueNode(), path);
        }

        long integer(Node node, String path) {
            String text = scalar(node, path);
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw error(node, path, "'" + text + "' is not a whole number");
            }
        }

        double number(Node node, Node parent, String path) {
            if (node == null) {
                throw error(parent, path, path + " is required");
            }
            String text = scalar(node, path);
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error(node, path, "'" + text + "' is not a number");
            }
        }

        Optional<BigDecimal> optionalDecimal(Map<String, NodeTuple> fields, String key, String path) {
            if (!fields.containsKey(key)) {
                return Optional.empty();
            }
            Node node = fields.get(key).getValueNode();
            String text = scalar(node, path);
            try {
                return Optional.of(new BigDecimal(text));
            } catch (NumberFormatException e) {
                throw error(node, path, "'" + text + "' is not a decimal amount");
            }
        }
    }
}
