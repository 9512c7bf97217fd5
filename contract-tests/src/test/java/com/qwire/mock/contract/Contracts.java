package com.qwire.mock.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Validation filters built from the contracts in openapi/ — the YAML files themselves, not a copy.
 * Every request and response a contract test makes passes through one of them.
 */
final class Contracts {
    static final Path ORDER_SPEC = specFile("order_server.yaml");
    static final Path CALLBACK_SPEC = specFile("callback_server.yaml");

    private Contracts() {
    }

    /** Validates request and response: for calls that follow the contract. */
    static OpenApiValidationFilter strict(Path spec) {
        return new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(spec.toString()).build());
    }

    /** Validates the response only: for deliberately bad requests, which must still get a documented answer. */
    static OpenApiValidationFilter responsesOnly(Path spec) {
        return new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(spec.toString())
                .withLevelResolver(LevelResolver.create().withLevel("validation.request", ValidationReport.Level.IGNORE).build())
                .build());
    }

    /** The health probes live at the root (their path-level servers entry), outside the /v1 base path. */
    static OpenApiValidationFilter probes(Path spec) {
        return new OpenApiValidationFilter(OpenApiInteractionValidator.createForSpecificationUrl(spec.toString())
                .withBasePathOverride("/")
                .build());
    }

    private static Path specFile(String name) {
        String dir = System.getProperty("qwire.openapi.dir");
        if (dir == null) {
            throw new IllegalStateException("qwire.openapi.dir is not set; run through Maven");
        }
        Path file = Path.of(dir, name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Contract not found: " + file);
        }
        return file;
    }
}
