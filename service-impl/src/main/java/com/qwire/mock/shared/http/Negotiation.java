package com.qwire.mock.shared.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.MediaType;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ModelProcessor;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.ResourceModel;
import org.glassfish.jersey.server.model.RuntimeResource;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Content negotiation as RFC 9110 and real clients expect it, on top of what the contracts generate.
 * <ul>
 * <li>An operation whose only body is a problem (a 204 on success) accepts any Accept: its success
 * has no body to negotiate, and a problem is sent as application/problem+json whatever was asked
 * (RFC 9110 lets an error ignore Accept).</li>
 * <li>A success asked for as application/problem+json only (some clients send it alone) is sent as
 * application/json, the type the contract gives it, rather than mislabelled or refused.</li>
 * <li>{@link #produced} and {@link #consumed} name what an operation can answer and read, for the
 * details of 406 and 415.</li>
 * </ul>
 */
public final class Negotiation implements ModelProcessor, ContainerResponseFilter {
    static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

    @Override
    public ResourceModel processResourceModel(ResourceModel model, Configuration configuration) {
        ResourceModel.Builder widened = new ResourceModel.Builder(false);
        model.getResources().forEach(resource -> widened.addResource(widen(resource)));
        return widened.build();
    }

    @Override
    public ResourceModel processSubResource(ResourceModel model, Configuration configuration) {
        return model;
    }

    private static Resource widen(Resource resource) {
        Resource.Builder builder = Resource.builder(resource);
        for (ResourceMethod method : resource.getResourceMethods()) {
            if (!method.getProducedTypes().isEmpty() && method.getProducedTypes().stream().allMatch(PROBLEM::isCompatible)) {
                builder.updateMethod(method).produces(MediaType.WILDCARD_TYPE);
            }
        }
        for (Resource child : resource.getChildResources()) {
            builder.replaceChildResource(child, widen(child));
        }
        return builder.build();
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 300 && response.hasEntity() && PROBLEM.isCompatible(response.getMediaType())) {
            response.getHeaders().putSingle("Content-Type", MediaType.APPLICATION_JSON);
        }
    }

    /** The media types the operations at the matched path answer for {@code httpMethod}, problems apart. */
    static String produced(ExtendedUriInfo uri, String httpMethod) {
        return describe(methods(uri, httpMethod).stream().flatMap(m -> m.getProducedTypes().stream())
                .filter(t -> !t.isWildcardType() && !PROBLEM.isCompatible(t)).collect(Collectors.toList()), MediaType.APPLICATION_JSON);
    }

    /** The media types the operations at the matched path read for {@code httpMethod}. */
    static String consumed(ExtendedUriInfo uri, String httpMethod) {
        return describe(methods(uri, httpMethod).stream().flatMap(m -> m.getConsumedTypes().stream())
                .filter(t -> !t.isWildcardType()).collect(Collectors.toList()), MediaType.APPLICATION_JSON);
    }

    private static List<ResourceMethod> methods(ExtendedUriInfo uri, String httpMethod) {
        List<RuntimeResource> matched = uri.getMatchedRuntimeResources();
        return matched.isEmpty() ? List.of() : matched.get(0).getResourceMethods().stream()
                .filter(m -> m.getHttpMethod().equalsIgnoreCase(httpMethod)).toList();
    }

    private static String describe(List<MediaType> types, String fallback) {
        Set<String> names = new LinkedHashSet<>();
        types.forEach(t -> names.add(t.getType() + "/" + t.getSubtype()));
        return names.isEmpty() ? fallback : String.join(", ", names);
    }
}
