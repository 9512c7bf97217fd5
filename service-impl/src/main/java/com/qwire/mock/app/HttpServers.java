package com.qwire.mock.app;

import com.qwire.mock.shared.metrics.ServiceMetrics;
import com.qwire.mock.shared.http.HttpEdge;
import com.qwire.mock.shared.http.WorkerLane;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpContainer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One Grizzly listener per service: the API application under {@code /v1} and an operations
 * application at the root (health probes, and problem+json 404s for every other path). Public so that
 * the benchmark's bare endpoint runs on exactly these server settings.
 */
public final class HttpServers {
    private HttpServers() {
    }

    public static HttpServer start(String name, String host, int port, int workers, ResourceConfig api, ResourceConfig ops) {
        return start(name, host, port, workers, api, ops, null, null, null);
    }

    /** Requests of the API application that {@code takes} selects, served on {@code workers} threads of their own ({@link WorkerLane}). */
    public record Lane(String name, int workers, Predicate<Request> takes) {
    }

    /**
     * With an {@code edge} (and the service's {@code metrics}, which count what it answers itself), its guard wraps each Jersey container (it answers requests Jersey cannot parse
     * and awaits bodies without a worker) and its codec answers what Grizzly's own refuses; without, the
     * bare stack (the benchmark's ceiling). With a {@code lane}, the API requests it takes run on workers of their own.
     */
    public static HttpServer start(String name, String host, int port, int workers, ResourceConfig api, ResourceConfig ops,
                                   HttpEdge edge, ServiceMetrics metrics, Lane lane) {
        UnaryOperator<HttpHandler> guard = edge == null ? UnaryOperator.identity() : handler -> edge.guard(handler, metrics);
        UnaryOperator<HttpHandler> apiGuard = lane == null ? guard
                : handler -> new WorkerLane(guard.apply(handler), "qwire-" + name + "-" + lane.name(), lane.workers(), lane.takes());
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://" + host + ":" + port + "/v1"), api, false);
        Map<HttpHandler, HttpHandlerRegistration[]> registered = Map.copyOf(server.getServerConfiguration().getHttpHandlersWithMapping());
        registered.forEach((handler, registrations) -> {
            server.getServerConfiguration().removeHttpHandler(handler);
            server.getServerConfiguration().addHttpHandler(apiGuard.apply(handler), registrations);
        });
        server.getServerConfiguration().addHttpHandler(
                guard.apply(ContainerFactory.createContainer(GrizzlyHttpContainer.class, ops)),
                HttpHandlerRegistration.builder().contextPath("").urlPattern("/*").build());
        for (NetworkListener listener : server.getListeners()) {
            if (edge != null) {
                listener.registerAddOn(new ProblemCodecAddOn(server, edge, metrics)); // first: the others find the codec by type
                listener.registerAddOn(new ConnectionLimitAddOn(name, edge.maxConnections()));
            }
            listener.registerAddOn(new DeclineUpgradeAddOn());
            listener.registerAddOn(new MalformedTargetAddOn());
            // Requests block on JDBC: size the workers for that, in step with the connection pool.
            listener.getTransport().getWorkerThreadPoolConfig()
                    .setPoolName("qwire-" + name + "-http").setCorePoolSize(workers).setMaxPoolSize(workers);
        }
        server.getServerConfiguration().setName("qwire-" + name);
        server.getServerConfiguration().setDefaultErrorPageGenerator((request, status, reasonPhrase, description, exception) -> "");
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + host + ":" + port + " for the " + name + " service", e);
        }
        return server;
    }

    public static int port(HttpServer server) {
        return server.getListeners().iterator().next().getPort();
    }
}
