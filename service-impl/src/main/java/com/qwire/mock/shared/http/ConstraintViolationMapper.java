package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bean Validation failures from the generated interfaces, named as the caller knows them: a body
 * field by its JSON path, a header, query or path parameter by its wire name.
 */
public final class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {
    private final Problems problems;
    @Context
    private UriInfo uriInfo;

    public ConstraintViolationMapper(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<FieldViolation> violations = e.getConstraintViolations().stream()
                .map(v -> new FieldViolation(fieldOf(v), v.getConstraintDescriptor().getAnnotation() instanceof jakarta.validation.constraints.NotNull
                        ? "is required" : v.getMessage()))
                .sorted(Comparator.comparing(FieldViolation::field))
                .toList();
        String detail = violations.size() == 1 ? "1 field is invalid." : violations.size() + " fields are invalid.";
        return problems.response(ErrorCode.VALIDATION_FAILED, detail, uriInfo.getRequestUri().getRawPath(), violations);
    }

    static String fieldOf(ConstraintViolation<?> violation) {
        String method = null;
        Path.ParameterNode parameter = null;
        List<String> properties = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                method = node.getName();
            } else if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.as(Path.ParameterNode.class);
            } else if (node.getName() != null) {
                properties.add(node.getKey() != null ? node.getName() + "." + node.getKey() : node.getName());
            }
        }
        if (!properties.isEmpty()) {
            return String.join(".", properties);
        }
        if (parameter != null && method != null) {
            return wireName(violation.getRootBeanClass(), method, parameter.getParameterIndex());
        }
        return "body";
    }

    private static String wireName(Class<?> resource, String methodName, int index) {
        for (Method m : resource.getMethods()) {
            if (m.getName().equals(methodName) && m.getParameterCount() > index) {
                for (Class<?> type : allTypes(resource)) {
                    try {
                        Method declared = type.getMethod(methodName, m.getParameterTypes());
                        for (Annotation a : declared.getParameterAnnotations()[index]) {
                            if (a instanceof HeaderParam h) {
                                return h.value();
                            }
                            if (a instanceof QueryParam q) {
                                return q.value();
                            }
                            if (a instanceof PathParam p) {
                                return p.value();
                            }
                        }
                    } catch (NoSuchMethodException ignored) {
                        // not declared on this type
                    }
                }
            }
        }
        return "body";
    }

    private static List<Class<?>> allTypes(Class<?> type) {
        List<Class<?>> types = new ArrayList<>();
        types.add(type);
        types.addAll(List.of(type.getInterfaces()));
        return types;
    }
}
