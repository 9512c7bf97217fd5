package com.qwire.mock.shared.errors;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.SpecFiles;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** specs/error-codes.yaml, the ErrorCode enum and the OpenAPI contracts name the same codes. */
class ErrorCatalogueSpecTest {
    private final JsonNode catalogue = SpecFiles.load("specs/error-codes.yaml").get("codes");

    @Test
    void catalogueFileAndEnumListTheSameCodesWithTheSameStatusAndTitle() {
        Set<String> inFile = new HashSet<>();
        catalogue.fieldNames().forEachRemaining(inFile::add);
        assertThat(inFile).isEqualTo(Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet()));
        for (ErrorCode code : ErrorCode.values()) {
            JsonNode entry = catalogue.get(code.name());
            assertThat(entry.get("status").asInt()).as(code + " status").isEqualTo(code.status());
            assertThat(entry.get("title").asText()).as(code + " title").isEqualTo(code.title());
            assertThat(entry.get("en").asText()).as(code + " English text").isNotBlank();
            assertThat(entry.get("zh").asText()).as(code + " Chinese text").isNotBlank();
        }
    }

    @Test
    void everyCodeIsDocumentedInAContract() {
        String contracts = SpecFiles.load("openapi/order_server.yaml").toString() + SpecFiles.load("openapi/callback_server.yaml");
        for (ErrorCode code : ErrorCode.values()) {
            if (code == ErrorCode.RESOURCE_NOT_FOUND || code == ErrorCode.METHOD_NOT_ALLOWED) {
                continue; // answers for paths and methods outside the contract, so no operation can declare them
            }
            assertThat(contracts).as(code + " mentioned in openapi/*.yaml").contains("`" + code.name() + "`");
        }
    }

    @Test
    void problemTypesAreDistinctUrns() {
        Set<String> types = Arrays.stream(ErrorCode.values()).map(ErrorCode::typeUri).collect(Collectors.toSet());
        assertThat(types).hasSize(ErrorCode.values().length).allMatch(t -> t.startsWith("urn:qwire:problem:"));
        assertThat(ErrorCode.IDEMPOTENCY_CONFLICT.typeUri()).isEqualTo("urn:qwire:problem:idempotency-conflict");
    }
}
