package com.qwire.mock.order.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.qwire.mock.api.order.model.ScenarioDefinition;
import com.qwire.mock.order.domain.InvalidScenarioException;
import jakarta.ws.rs.Consumes;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Reads an {@code application/yaml} scenario upload into its DTO (Jersey's Jackson feature reads JSON only).
 * A YAML syntax or shape error is an INVALID_SCENARIO naming line and column, as for a file.
 */
@Consumes("application/yaml")
public final class YamlBodyReader implements MessageBodyReader<ScenarioDefinition> {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == ScenarioDefinition.class;
    }

    @Override
    public ScenarioDefinition readFrom(Class<ScenarioDefinition> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                                       MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        try {
            return YAML.readValue(body, ScenarioDefinition.class);
        } catch (JsonProcessingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
                    // Said the way the scenario parser says it: the problem's own place and words.
                    throw new InvalidScenarioException("request body:" + (yaml.getProblemMark().getLine() + 1) + ":"
                            + (yaml.getProblemMark().getColumn() + 1), "body", yaml.getProblem()
                            + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")"));
                }
            }
            JsonLocation at = e.getLocation();
            String where = "request body" + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr());
            throw new InvalidScenarioException(where, "body", e.getOriginalMessage().replace('\n', ' '));
        }
    }
}
