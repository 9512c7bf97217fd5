package com.qwire.mock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the repository's YAML documents (specs/ and openapi/) from the test classpath. */
public final class SpecFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SpecFiles() {
    }

    public static JsonNode load(String classpathLocation) {
        try (InputStream in = SpecFiles.class.getClassLoader().getResourceAsStream(classpathLocation)) {
            if (in == null) {
                throw new IllegalStateException(classpathLocation + " is not on the test classpath");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
