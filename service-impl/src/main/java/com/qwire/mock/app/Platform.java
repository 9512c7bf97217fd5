package com.qwire.mock.app;

import com.qwire.mock.callback.api.CallbackHealthResource;
import com.qwire.mock.order.api.OrderHealthResource;
import com.qwire.mock.order.api.OrderResource;
import com.qwire.mock.order.domain.OrderService;
import com.qwire.mock.order.infra.CachedProductCatalog;
import com.qwire.mock.order.infra.HibernateOrderRepository;
import com.qwire.mock.order.infra.HibernateProductCatalog;
import com.qwire.mock.order.infra.OrderEntity;
import com.qwire.mock.order.infra.ProductEntity;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.db.Database;
import com.qwire.mock.shared.http.HttpEdge;
import com.qwire.mock.shared.http.Probes;
import com.qwire.mock.shared.logging.AccessLog;
import com.qwire.mock.shared.random.RandomSource;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The composition root: builds every part from a {@link Config} and starts the HTTP servers of a
 * {@link Mode}. The launcher and the tests both start the platform through {@link #start}.
 */
public final class Platform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private final Config config;
    private final Mode mode;
    private final Database database;
    private final List<HttpServer> servers = new ArrayList<>();
    private HttpServer orderServer;
    private HttpServer callbackServer;

    private Platform(Config config, Mode mode, Database database) {
        this.config = config;
        this.mode = mode;
        this.database = database;
    }

    /** Starts the servers at once; the database comes up in the background ({@code onFatal} if it never can). */
    public static Platform start(Config config, Mode mode, Consumer<Exception> onFatal) {
        createLogDir(config);
        Database database = mode.runsOrders() ? new Database(config, List.of(OrderEntity.class, ProductEntity.class)) : null;
        Platform platform = new Platform(config, mode, database);
        try {
            platform.startServers();
            if (database != null) {
                database.startInBackground(onFatal);
            }
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void startServers() {
        RandomSource random = RandomSource.create(config.seed());
        Clock clock = Clock.systemUTC();
        AccessLog accessLog = new AccessLog(config.accessLogBodyLimit(), config.accessLogConsole());
        HttpEdge edge = new HttpEdge(config, random, accessLog);
        Probes probes = new Probes(config.retryAfter());
        if (mode.runsOrders()) {
            OrderService orders = new OrderService(new HibernateOrderRepository(database),
                    new CachedProductCatalog(new HibernateProductCatalog(database), config.productCacheTtl()),
                    random, clock, config.callbackUrl());
            orderServer = HttpServers.start("order", config.bindHost(), config.orderPort(), config.httpWorkers(),
                    edge.newApplication().register(new OrderResource(orders)),
                    edge.newApplication().register(new OrderHealthResource(database, probes)));
            servers.add(orderServer);
        }
        if (mode.runsCallbacks()) {
            ResourceConfig callbackOps = edge.newApplication()
                    .register(new CallbackHealthResource(config.logDir(), probes));
            callbackServer = HttpServers.start("callback", config.bindHost(), config.callbackPort(), config.httpWorkers(),
                    callbackOps, callbackOps);
            servers.add(callbackServer);
        }
    }

    public boolean awaitDatabase(Duration timeout) throws InterruptedException {
        return database == null || database.awaitReady(timeout);
    }

    public int orderPort() {
        return HttpServers.port(orderServer);
    }

    public int callbackPort() {
        return HttpServers.port(callbackServer);
    }

    public Mode mode() {
        return mode;
    }

    public Optional<Database> database() {
        return Optional.ofNullable(database);
    }

    /** Graceful: stop accepting, let in-flight requests finish (bounded), then close the database. */
    @Override
    public void close() {
        for (HttpServer server : servers) {
            try {
                server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS).get(config.shutdownGrace().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.shutdownNow();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("HTTP server did not stop gracefully: {}", e.toString());
                server.shutdownNow();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    private static void createLogDir(Config config) {
        try {
            Files.createDirectories(config.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the log directory " + config.logDir().toAbsolutePath(), e);
        }
    }
}
