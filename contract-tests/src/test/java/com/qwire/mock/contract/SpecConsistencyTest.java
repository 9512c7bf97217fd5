package com.qwire.mock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two contracts agree where they describe the same thing. The shared shapes (Problem, health)
 * are generated once from order_server.yaml, so the callback spec must say exactly the same; the
 * callback's order snapshot must have the shape of Order. Descriptions are bilingual everywhere.
 */
class SpecConsistencyTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern CJK = Pattern.compile("[\\u4e00-\\u9fff]");

    private final JsonNode order = read(Contracts.ORDER_SPEC);
    private final JsonNode callback = read(Contracts.CALLBACK_SPEC);

    @Test
    void sharedSchemasAreIdenticalApartFromWording() {
        for (String schema : List.of("Problem", "FieldError", "HealthStatus", "CheckStatus", "TraceId", "OrderStatus", "StatusChange")) {
            assertThat(shape(callback.at("/components/schemas/" + schema)))
                    .as("callback_server.yaml %s vs order_server.yaml", schema)
                    .isEqualTo(shape(order.at("/components/schemas/" + schema)));
        }
    }

    @Test
    void orderSnapshotHasTheShapeOfOrderWithoutItsDeliveryState() {
        ObjectNode orderShape = (ObjectNode) shape(order.at("/components/schemas/Order"));
        // The snapshot is the order at the event; the delivery state of callbacks is not part of it.
        ((ObjectNode) orderShape.get("properties")).remove("callback");
        assertThat(shape(callback.at("/components/schemas/OrderSnapshot"))).isEqualTo(orderShape);
    }

    @Test
    void everyDescriptionIsBilingual() {
        for (JsonNode spec : List.of(order, callback)) {
            List<String> missing = new ArrayList<>();
            collectDescriptions(spec, "", missing);
            assertThat(missing).as("descriptions without a Chinese part").isEmpty();
        }
    }

    private static void collectDescriptions(JsonNode node, String path, List<String> missing) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("description") && e.getValue().isTextual()) {
                    String text = e.getValue().asText();
                    if (!CJK.matcher(text).find() || !text.matches("(?s).*[A-Za-z]{3,}.*")) {
                        missing.add(path);
                    }
                } else {
                    collectDescriptions(e.getValue(), path + "/" + e.getKey(), missing);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectDescriptions(node.get(i), path + "/" + i, missing);
            }
        }
    }

    /** The schema without its wording (description, example), which may differ between the files. */
    private static JsonNode shape(JsonNode schema) {
        assertThat(schema.isMissingNode()).as("schema present").isFalse();
        JsonNode copy = schema.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("description", "example"));
            object.forEach(SpecConsistencyTest::strip);
        } else if (node.isArray()) {
            node.forEach(SpecConsistencyTest::strip);
        }
    }

    private static JsonNode read(java.nio.file.Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The behaviour specs (specs/order-service.md, specs/callback-server.md) describe every operation of their contract. */
    @Test
    void behaviourSpecsCoverEveryOperation() throws IOException {
        java.nio.file.Path specs = Contracts.ORDER_SPEC.getParent().getParent().resolve("specs");
        for (var pair : List.of(Map.entry(order, "order-service.md"), Map.entry(callback, "callback-server.md"))) {
            String text = java.nio.file.Files.readString(specs.resolve(pair.getValue()));
            List<String> operations = new ArrayList<>();
            pair.getKey().get("paths").forEach(path -> path.forEach(operation -> {
                if (operation.has("operationId")) {
                    operations.add(operation.get("operationId").asText());
                }
            }));
            assertThat(operations).isNotEmpty();
            assertThat(operations).as(pair.getValue()).allSatisfy(id -> assertThat(text).contains("| `" + id + "` |"));
        }
    }
}
