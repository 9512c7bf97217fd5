package com.qwire.mock.bench;

import com.qwire.mock.app.HttpServers;
import com.qwire.mock.shared.config.Config;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The ceiling of our own stack: Jersey on Grizzly with the platform's server settings (workers,
 * listener add-ons), answering {@code POST} and {@code GET /v1/order} with the same constant Order JSON
 * that WireMock serves — no filters, no validation, no database.
 * {@code java -cp qwire-bench.jar:qwire-mock.jar com.qwire.mock.bench.BareStack <port>}
 */
public final class BareStack {
    private BareStack() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        Config config = Config.fromEnvironment().with(Map.of());
        String created = resource("/wiremock/__files/order-created.json");
        String completed = resource("/wiremock/__files/order.json");
        HttpServer server = HttpServers.start("bare", "127.0.0.1", port, config.httpWorkers(),
                new ResourceConfig().register(new Orders(created, completed)), new ResourceConfig());
        System.out.println("bare stack listening on " + port + " with " + config.httpWorkers() + " workers");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow();
            stop.countDown();
        }));
        stop.await();
    }

    private static String resource(String name) {
        try (InputStream in = BareStack.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Path("order")
    public static final class Orders {
        private final String created;
        private final String completed;

        Orders(String created, String completed) {
            this.created = created;
            this.completed = completed;
        }

        @POST
        public Response create(String body) {
            return Response.created(URI.create("http://127.0.0.1/v1/order?reference=f2f11dd5-dcae-41e9-9e2d-b27a4e98493c"))
                    .type("application/json").entity(created).build();
        }

        @GET
        public Response get() {
            return Response.ok(completed, "application/json").build();
        }
    }
}
