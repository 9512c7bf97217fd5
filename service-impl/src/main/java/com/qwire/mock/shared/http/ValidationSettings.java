package com.qwire.mock.shared.http;

import jakarta.inject.Inject;
import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;
import jakarta.validation.ValidatorFactory;
import jakarta.ws.rs.ext.ContextResolver;
import java.lang.annotation.ElementType;
import org.glassfish.jersey.server.validation.ValidationConfig;

/**
 * Bean Validation as the HTTP edge uses it. Every property of a request DTO is reachable and
 * cascadable: the DTOs are plain generated classes, never JPA entities. Without this resolver
 * Hibernate Validator finds JPA on the class path and asks it, for every property of every
 * request, whether the property is loaded, which the profile showed as a large share of a POST.
 *
 * <p>Constraint validators come from the validator factory's own constraint-validator factory (none
 * of ours needs injection). Jersey's default, its injecting factory, is not the one Hibernate
 * Validator was built with, so every constraint of every request missed the validator's per-constraint
 * cache and was looked up in a shared map whose keys compare annotations attribute by attribute
 * (issue 8: a sixth of validation's time in a POST's profile).
 */
public final class ValidationSettings implements ContextResolver<ValidationConfig> {
    private static final TraversableResolver EVERYTHING_REACHABLE = new TraversableResolver() {
        @Override
        public boolean isReachable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                ElementType elementType) {
            return true;
        }

        @Override
        public boolean isCascadable(Object bean, Path.Node property, Class<?> rootBeanType, Path pathToProperty,
                ElementType elementType) {
            return true;
        }
    };

    private final ValidationConfig config;

    @Inject
    public ValidationSettings(ValidatorFactory factory) {
        this.config = new ValidationConfig().traversableResolver(EVERYTHING_REACHABLE)
                .constraintValidatorFactory(factory.getConstraintValidatorFactory());
    }

    @Override
    public ValidationConfig getContext(Class<?> type) {
        return config;
    }
}
