package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The optional admin guard (QWIRE_ADMIN_TOKEN): every operation of a resource under {@code /admin} —
 * on either service, whatever the resource — needs {@code Authorization: Bearer <token>}; anything else
 * is a 401 {@code ADMIN_TOKEN_REQUIRED} problem with a {@code WWW-Authenticate} challenge (RFC 6750).
 * The operation is matched first, so the guard sees the route, not the raw path: no encoding or
 * dot-segment trick reaches an admin operation around it. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so the time taken tells nothing about the token or its length.
 */
public final class AdminGuard implements DynamicFeature {
    static final String REALM = "qwire-admin";

    private final byte[] expected;
    private final Problems problems;

    public AdminGuard(String token, Problems problems) {
        this.expected = digest(token);
        this.problems = problems;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        if (isAdmin(resource.getResourceClass())) {
            context.register(new Check());
        }
    }

    /** A resource is admin when its own or an interface's {@code @Path} is /admin or below. */
    static boolean isAdmin(Class<?> type) {
        if (type == null) {
            return false;
        }
        Path path = type.getAnnotation(Path.class);
        if (path != null) {
            String p = path.value().replaceAll("^/+", "");
            return p.equals("admin") || p.startsWith("admin/");
        }
        return Arrays.stream(type.getInterfaces()).anyMatch(AdminGuard::isAdmin) || isAdmin(type.getSuperclass());
    }

    @Priority(Priorities.AUTHENTICATION)
    private final class Check implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
            String given = bearer(authorization);
            if (given != null && MessageDigest.isEqual(digest(given), expected)) {
                return;
            }
            String challenge = "Bearer realm=\"" + REALM + "\"" + (given == null ? "" : ", error=\"invalid_token\"");
            String detail = authorization == null
                    ? "This instance guards its admin API: send Authorization: Bearer <the value of QWIRE_ADMIN_TOKEN>."
                    : given == null ? "The Authorization header is not a Bearer token; send Authorization: Bearer <the value of QWIRE_ADMIN_TOKEN>."
                    : "The bearer token is not this instance's admin token (QWIRE_ADMIN_TOKEN).";
            Response problem = problems.response(ErrorCode.ADMIN_TOKEN_REQUIRED, detail, request.getUriInfo().getRequestUri().getRawPath());
            request.abortWith(Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build());
        }
    }

    /** The token of an RFC 6750 "Bearer" credential (scheme case-insensitive), or null. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return null;
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? null : token;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
