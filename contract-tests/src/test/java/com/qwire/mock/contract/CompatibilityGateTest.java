package com.qwire.mock.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine of the build's compatibility gate (openapi-diff, against openapi/baseline/) judges
 * changes the way the gate must: the current contracts pass, a removed response field fails,
 * an added optional field passes.
 */
class CompatibilityGateTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path BASELINE = Contracts.ORDER_SPEC.getParent().resolve("baseline");

    @Test
    void currentContractsAreCompatibleWithTheBaseline() {
        assertThat(OpenApiCompare.fromLocations(BASELINE.resolve("order_server.yaml").toString(), Contracts.ORDER_SPEC.toString())
                .isIncompatible()).isFalse();
        assertThat(OpenApiCompare.fromLocations(BASELINE.resolve("callback_server.yaml").toString(), Contracts.CALLBACK_SPEC.toString())
                .isIncompatible()).isFalse();
    }

    @Test
    void removingARequiredResponseFieldIsBreaking(@TempDir Path dir) throws IOException {
        ChangedOpenApi diff = compareWithBaseline(dir, spec -> {
            ObjectNode order = (ObjectNode) spec.at("/components/schemas/Order");
            ((ObjectNode) order.get("properties")).remove("history");
            ArrayNode required = (ArrayNode) order.get("required");
            for (int i = required.size() - 1; i >= 0; i--) {
                if (required.get(i).asText().equals("history")) {
                    required.remove(i);
                }
            }
        });
        assertThat(diff.isIncompatible()).isTrue();
    }

    @Test
    void removingAnOperationIsBreaking(@TempDir Path dir) throws IOException {
        ChangedOpenApi diff = compareWithBaseline(dir, spec -> ((ObjectNode) spec.at("/paths/~1order")).remove("get"));
        assertThat(diff.isIncompatible()).isTrue();
    }

    @Test
    void addingAnOptionalResponseFieldIsCompatible(@TempDir Path dir) throws IOException {
        ChangedOpenApi diff = compareWithBaseline(dir, spec -> ((ObjectNode) spec.at("/components/schemas/Order/properties"))
                .putObject("note").put("type", "string").put("description", "Added. / 新增。"));
        assertThat(diff.isIncompatible()).isFalse();
        assertThat(diff.isUnchanged()).isFalse();
    }

    private static ChangedOpenApi compareWithBaseline(Path dir, Consumer<ObjectNode> change) throws IOException {
        ObjectNode spec = (ObjectNode) YAML.readTree(Contracts.ORDER_SPEC.toFile());
        change.accept(spec);
        Path changed = dir.resolve("order_server.yaml");
        YAML.writeValue(changed.toFile(), spec);
        return OpenApiCompare.fromLocations(BASELINE.resolve("order_server.yaml").toString(), changed.toString());
    }
}
