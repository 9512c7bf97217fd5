package com.qwire.mock.order.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's static files, packaged in the jar under {@code qwire-ui/}: plain HTML, CSS and ES
 * modules, no build step and no CDN. Only flat names of known types are served, each read once; anything
 * else is the usual 404 problem.
 */
@Path("/ui")
public final class DashboardResource {
    private static final Pattern FILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml");
    // The pages load only their own files and talk only to this origin.
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // Files found, each read once: bounded by the jar's files (a miss is not remembered, so names a client makes up cost nothing).
    private final Map<String, Asset> assets = new ConcurrentHashMap<>();
    @Context
    private UriInfo uri;
    @Context
    private Request request;

    @GET
    @Produces(MediaType.WILDCARD)
    public Response index() {
        // Relative links need the trailing slash: /ui is sent to /ui/.
        if (!uri.getRequestUri().getRawPath().endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create("/ui/")).build();
        }
        return file("index.html");
    }

    @GET
    @Path("{file}")
    @Produces(MediaType.WILDCARD)
    public Response file(@PathParam("file") String name) {
        Asset asset = FILE.matcher(name).matches() ? asset(name) : null;
        if (asset == null) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        Response.ResponseBuilder notModified = request.evaluatePreconditions(asset.tag());
        Response.ResponseBuilder answer = notModified != null ? notModified
                : Response.ok(asset.bytes()).type(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
        return answer.tag(asset.tag()).header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", POLICY).header("Referrer-Policy", "no-referrer").build();
    }

    private Asset asset(String name) {
        Asset known = assets.get(name);
        if (known != null) {
            return known;
        }
        return load(name).map(found -> {
            assets.putIfAbsent(name, found);
            return found;
        }).orElse(null);
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = DashboardResource.class.getResourceAsStream("/qwire-ui/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
            return Optional.of(new Asset(bytes, new EntityTag(hash)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the dashboard file " + name, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Asset(byte[] bytes, EntityTag tag) {
    }
}
