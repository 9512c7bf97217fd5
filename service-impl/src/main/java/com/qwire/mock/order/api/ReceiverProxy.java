package com.qwire.mock.order.api;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.logging.LogContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The dashboard's window on the callback server, same-origin so the browser needs no CORS and no route of
 * its own to it: a fixed set of the callback contract's operations (the receiver's record, its faults, its
 * metrics) forwarded as they are, with the caller's Authorization and the request's trace id. Bounded: 2 s
 * to connect, 5 s per call, 1 MiB per answer. A server that cannot be reached is a 502
 * {@code RECEIVER_UNREACHABLE} naming it.
 */
@Path("/ui/receiver")
public final class ReceiverProxy implements AutoCloseable {
    private static final int MAX_ANSWER = 1 << 20;
    private static final Pattern FAULT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Supplier<URI> base;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "qwire-ui-receiver");
        t.setDaemon(true);
        return t;
    });
    // Made on the dashboard's first call: building one reads the JDK's trust store (about 70 ms of a one-core start).
    private HttpClient client;
    @Context
    private UriInfo uri;
    @Context
    private HttpHeaders headers;

    /** {@code base}: the callback server's scheme, host and port, read per call (in mode B its port is known once it listens). */
    public ReceiverProxy(Supplier<URI> base) {
        this.base = base;
    }

    @GET
    @Path("check")
    @Produces(MediaType.WILDCARD)
    public Response check() {
        return forward("GET", "/v1/check", null);
    }

    @GET
    @Path("metrics")
    @Produces(MediaType.WILDCARD)
    public Response metrics() {
        return forward("GET", "/metrics", null);
    }

    @GET
    @Path("admin/faults")
    @Produces(MediaType.WILDCARD)
    public Response faults() {
        return forward("GET", "/v1/admin/faults", null);
    }

    @POST
    @Path("admin/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.WILDCARD)
    public Response addFault(byte[] body) {
        return forward("POST", "/v1/admin/faults", body);
    }

    @DELETE
    @Path("admin/faults")
    @Produces(MediaType.WILDCARD)
    public Response clearFaults() {
        return forward("DELETE", "/v1/admin/faults", null);
    }

    @DELETE
    @Path("admin/faults/{id}")
    @Produces(MediaType.WILDCARD)
    public Response removeFault(@PathParam("id") String id) {
        if (!FAULT_ID.matcher(id).matches()) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return forward("DELETE", "/v1/admin/faults/" + id, null);
    }

    private Response forward(String method, String path, byte[] body) {
        URI target = base.get();
        String query = uri.getRequestUri().getRawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(path + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : List.of(HttpHeaders.ACCEPT, HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE)) {
            String value = headers.getHeaderString(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        String trace = LogContext.traceId();
        if (trace != null) {
            request.header("X-Trace-Id", trace);
        }
        HttpResponse<InputStream> answer;
        try {
            answer = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(target, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(target, "interrupted");
        }
        byte[] bytes;
        try (InputStream in = answer.body()) {
            bytes = in.readNBytes(MAX_ANSWER + 1);
        } catch (IOException e) {
            throw unreachable(target, e.toString());
        }
        if (bytes.length > MAX_ANSWER) {
            throw unreachable(target, "its answer is larger than " + MAX_ANSWER + " bytes");
        }
        Response.ResponseBuilder out = Response.status(answer.statusCode()).entity(bytes.length == 0 ? null : bytes);
        answer.headers().firstValue("Content-Type").ifPresent(type -> out.header(HttpHeaders.CONTENT_TYPE, type));
        answer.headers().firstValue("WWW-Authenticate").ifPresent(value -> out.header(HttpHeaders.WWW_AUTHENTICATE, value));
        return out.build();
    }

    private static QwireException unreachable(URI target, String why) {
        return new QwireException(ErrorCode.RECEIVER_UNREACHABLE, "The callback server at " + target + " cannot be reached: " + why + ".");
    }

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).executor(executor)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return client;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
