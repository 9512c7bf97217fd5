package com.qwire.mock.shared.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Unreadable bodies: broken JSON is {@code MALFORMED_JSON}; well-formed JSON of the wrong shape
 * (unknown field, wrong type, unknown enum value, number out of range) is {@code VALIDATION_FAILED}
 * naming the field. Messages never expose Java class names.
 */
public final class JsonProcessingMapper implements ExceptionMapper<JsonProcessingException> {
    private static final Pattern SOURCE_NOISE = Pattern.compile("\\s*\\(?(start marker )?at \\[Source:[^\\]]*\\][^)]*\\)?");

    private final Problems problems;
    @Context
    private UriInfo uriInfo;

    public JsonProcessingMapper(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Response toResponse(JsonProcessingException e) {
        String instance = uriInfo.getRequestUri().getRawPath();
        if (isSyntaxError(e) || isSyntaxError(e.getCause())) {
            return problems.response(ErrorCode.MALFORMED_JSON, "The body is not valid JSON" + where(e.getLocation()) + ": "
                    + parserWords(e), instance);
        }
        FieldViolation violation = e instanceof JsonMappingException mapping
                ? new FieldViolation(path(mapping), message(mapping))
                : new FieldViolation(currentField(e), "is out of range");
        return problems.response(ErrorCode.VALIDATION_FAILED, "1 field is invalid.", instance, List.of(violation));
    }

    /** Jackson's first sentence without its "[Source: …]" location noise (the location is reported separately). */
    private static String parserWords(JsonProcessingException e) {
        return SOURCE_NOISE.matcher(e.getOriginalMessage().split("\n")[0]).replaceAll("").trim();
    }

    /** Broken JSON text, as opposed to a value that does not fit its field (a number too large). */
    private static boolean isSyntaxError(Throwable t) {
        return t instanceof StreamReadException && !(t instanceof InputCoercionException);
    }

    private static String currentField(JsonProcessingException e) {
        if (e instanceof InputCoercionException c && c.getProcessor() != null) {
            try {
                String name = c.getProcessor().currentName();
                return name == null ? "body" : name;
            } catch (java.io.IOException unreadable) {
                return "body";
            }
        }
        return "body";
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "body" : path;
    }

    private static String message(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "is not a known field" + (u.getKnownPropertyIds() == null ? ""
                    : "; known fields: " + u.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        }
        if (e instanceof ValueInstantiationException || e instanceof InvalidFormatException) {
            Class<?> target = e instanceof InvalidFormatException f ? f.getTargetType() : ((ValueInstantiationException) e).getType().getRawClass();
            return "has an invalid value; " + expected(target);
        }
        if (e instanceof MismatchedInputException m) {
            if (e.getCause() instanceof InputCoercionException) {
                return "is out of range; " + expected(m.getTargetType());
            }
            if (m.getPath().isEmpty()) {
                return "must be a JSON object";
            }
            return "has the wrong type; " + expected(m.getTargetType());
        }
        if (e.getCause() instanceof InputCoercionException) {
            return "is out of range";
        }
        return "has an invalid value";
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "see the API contract";
        }
        if (type.isEnum()) {
            return "expected one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == BigInteger.class) {
            return "expected an integer within the documented range";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class) {
            return "expected a number";
        }
        if (type == String.class) {
            return "expected a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "expected true or false";
        }
        if (type == UUID.class) {
            return "expected a UUID";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "expected an object of string values";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "expected an array";
        }
        return "expected an object";
    }
}
