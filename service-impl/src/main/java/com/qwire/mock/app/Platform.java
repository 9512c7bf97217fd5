package com.qwire.mock.app;

import com.qwire.mock.callback.api.CallbackHealthResource;
import com.qwire.mock.callback.api.CallbackResource;
import com.qwire.mock.callback.api.ReceiverAdminResource;
import com.qwire.mock.callback.domain.CallbackReceiver;
import com.qwire.mock.callback.domain.ReceiverFaults;
import com.qwire.mock.callback.infra.ReceiptLogStore;
import com.qwire.mock.order.api.AdminResource;
import com.qwire.mock.order.api.DashboardResource;
import com.qwire.mock.order.api.ReceiverProxy;
import com.qwire.mock.order.api.JsonEventRenderer;
import com.qwire.mock.order.api.OrderHealthResource;
import com.qwire.mock.order.api.OrderResource;
import com.qwire.mock.order.api.YamlBodyReader;
import com.qwire.mock.order.domain.ApiFaults;
import com.qwire.mock.order.domain.CallbackService;
import com.qwire.mock.order.domain.OrderAdmin;
import com.qwire.mock.order.domain.OrderService;
import com.qwire.mock.order.domain.OrderListing;
import com.qwire.mock.order.domain.OrderTimeline;
import com.qwire.mock.order.domain.ScenarioAdmin;
import com.qwire.mock.order.domain.ScenarioCatalog;
import com.qwire.mock.order.domain.ScenarioRule;
import com.qwire.mock.order.domain.ScenarioSelector;
import com.qwire.mock.order.domain.StatusChanges;
import com.qwire.mock.order.infra.CachedProductCatalog;
import com.qwire.mock.order.infra.HibernateCallbackOutbox;
import com.qwire.mock.order.infra.HibernateOrderRepository;
import com.qwire.mock.order.infra.HibernateOrderQueries;
import com.qwire.mock.order.infra.HibernateProductCatalog;
import com.qwire.mock.order.infra.HibernateTimelineStore;
import com.qwire.mock.order.infra.OrderPersistence;
import com.qwire.mock.order.infra.ScenarioFiles;
import com.qwire.mock.order.infra.ScenarioParser;
import com.qwire.mock.scheduler.ClockDriver;
import com.qwire.mock.scheduler.OutboxDispatcher;
import com.qwire.mock.scheduler.RetryPolicy;
import com.qwire.mock.scheduler.TimelineRunner;
import com.qwire.mock.scheduler.WebhookSender;
import com.qwire.mock.shared.net.CallbackUrlPolicy;
import com.qwire.mock.shared.clock.PlatformClock;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.db.Database;
import com.qwire.mock.shared.http.HttpEdge;
import com.qwire.mock.shared.http.MetricsEndpoint;
import com.qwire.mock.shared.metrics.ServiceMetrics;
import com.qwire.mock.callback.domain.ReceiverMetrics;
import com.qwire.mock.callback.infra.MicrometerReceiverMetrics;
import com.qwire.mock.order.domain.OrderMetrics;
import com.qwire.mock.order.infra.BacklogGauges;
import com.qwire.mock.order.infra.MicrometerOrderMetrics;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import com.qwire.mock.shared.http.Probes;
import com.qwire.mock.shared.http.Problems;
import com.qwire.mock.shared.logging.AccessLog;
import com.qwire.mock.shared.random.RandomSource;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
    private final ServiceMetrics orderMetrics;
    private final ServiceMetrics callbackMetrics;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<AutoCloseable> workers = new ArrayList<>();
    private HttpEdge edge;
    private HttpServer orderServer;
    private HttpServer callbackServer;
    private OutboxDispatcher dispatcher;
    private TimelineRunner runner;
    private ClockDriver clockDriver;
    private volatile boolean closed;

    private Platform(Config config, Mode mode, Database database, ServiceMetrics orderMetrics, ServiceMetrics callbackMetrics) {
        this.orderMetrics = orderMetrics;
        this.callbackMetrics = callbackMetrics;
        this.config = config;
        this.mode = mode;
        this.database = database;
    }

    /** Starts the servers at once; the database comes up in the background ({@code onFatal} if it never can). */
    public static Platform start(Config config, Mode mode, Consumer<Exception> onFatal) {
        createLogDir(config);
        String version = Optional.ofNullable(Platform.class.getPackage().getImplementationVersion()).orElse("dev");
        String modeName = mode.name().toLowerCase(java.util.Locale.ROOT);
        ServiceMetrics orderMetrics = ServiceMetrics.create(config.metricsEnabled() && mode.runsOrders(), "order", version, modeName);
        ServiceMetrics callbackMetrics = ServiceMetrics.create(config.metricsEnabled() && mode.runsCallbacks(), "callback", version, modeName);
        Database database = mode.runsOrders() ? new Database(config, OrderPersistence.ENTITIES,
                orderMetrics.enabled() ? Optional.of(new MicrometerMetricsTrackerFactory(orderMetrics.registry())) : Optional.empty()) : null;
        Platform platform = new Platform(config, mode, database, orderMetrics, callbackMetrics);
        try {
            platform.startServers(onFatal);
            if (database != null) {
                platform.startSchedulersWhenReady();
            }
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** Builds every part; the database starts migrating once they are built (a broken configuration never reaches it). */
    private void startServers(Consumer<Exception> onFatal) {
        RandomSource random = RandomSource.create(config.seed());
        PlatformClock clock = config.manualClock() ? PlatformClock.manual(config.clockStart()) : PlatformClock.system();
        AccessLog accessLog = new AccessLog(config.accessLogBodyLimit(), config.accessLogConsole());
        workers.add(accessLog); // after the servers have stopped, what waits for the console is shown
        // Trace ids for requests without one come from their own sequence: probes and other untraced
        // calls then cannot shift the references, event ids, waits and faults a seeded run draws.
        edge = new HttpEdge(config, random.stream("trace-ids"), accessLog);
        Probes probes = new Probes(config.retryAfter());
        // The receiver first: in mode B the order service's reset resets it too.
        CallbackReceiver receiver = null;
        final ReceiverFaults faults = mode.runsCallbacks() ? new ReceiverFaults(random, clock) : null;
        if (mode.runsCallbacks()) {
            ReceiptLogStore receipts = new ReceiptLogStore(config.logDir().resolve("callback-received.log"), clock, Clock.systemUTC(),
                    config.receiptIndexMax(), config.receiptsPerReference(), config.logRetention(), config.sensitiveHeaders());
            workers.add(receipts);
            config.receiverFaults().ifPresent(json -> ConfiguredFaults.parse(json).forEach(faults::add));
            receiver = new CallbackReceiver(new WebhookSignatures(config.delivery().webhookSecret(), clock), receipts, faults, clock,
                    callbackMetrics.enabled() ? new MicrometerReceiverMetrics(callbackMetrics.registry(), receipts) : ReceiverMetrics.NONE,
                    edge.responseDelay());
        }
        if (mode.runsOrders()) {
            ScenarioParser scenarioParser = new ScenarioParser();
            ScenarioFiles scenarioFiles = new ScenarioFiles(scenarioParser);
            ScenarioCatalog scenarios = new ScenarioCatalog(
                    scenarioFiles.load(config.processingDelay(), config.completionDelay(), config.scenarioDir()));
            List<ScenarioRule> rules = config.scenarioRules().map(scenarioFiles::rules).orElse(List.of());
            ScenarioSelector selector = new ScenarioSelector(scenarios, rules, config.defaultScenario());
            OrderMetrics counters = orderMetrics.enabled() ? new MicrometerOrderMetrics(orderMetrics.registry()) : OrderMetrics.NONE;
            if (orderMetrics.enabled()) {
                BacklogGauges.register(database, clock, orderMetrics.registry());
                bindClock(orderMetrics, clock);
            }
            ApiFaults apiFaults = new ApiFaults(random, counters, edge.responseDelay());
            OrderTimeline timeline = new OrderTimeline(random);
            HibernateCallbackOutbox outbox = new HibernateCallbackOutbox(database);
            CallbackUrlPolicy callbackHosts = config.callbackUrlPolicy();
            WebhookSender sender = new WebhookSender(config.delivery(), new WebhookSignatures(config.delivery().webhookSecret(), clock), clock,
                    callbackHosts);
            workers.add(sender); // closed after the dispatcher, which is put first once started
            // The lease owner is not drawn from the seed: two seeded instances on one database must not share one.
            dispatcher = new OutboxDispatcher(outbox, sender, new RetryPolicy(config.delivery(), random), clock, config.delivery(),
                    config.circuits(),
                    "dispatcher-" + RandomSource.create(OptionalLong.empty()).traceId().substring(0, 12), orderMetrics.registry());
            HibernateTimelineStore timelineStore = new HibernateTimelineStore(database);
            StatusChanges changes = new StatusChanges(timeline, new JsonEventRenderer(), random);
            runner = new TimelineRunner(timelineStore, changes, clock, config.delivery().pollInterval(), this::wakeScheduling,
                    dispatcher::leasesFor, counters);
            // Under the system clock it only answers GET /v1/admin/clock (and refuses moves); it runs only under a manual one.
            clockDriver = new ClockDriver(clock, runner, dispatcher, Duration.ofSeconds(1));
            CachedProductCatalog products = new CachedProductCatalog(new HibernateProductCatalog(database, clock), config.productCacheTtl());
            HibernateOrderRepository orderRepository = new HibernateOrderRepository(database);
            OrderService orders = new OrderService(orderRepository, products, timeline, selector, scenarios, apiFaults, outbox, random,
                    clock, config.callbackUrl(), callbackHosts, counters);
            CallbackService callbacks = new CallbackService(outbox, clock, this::wakeScheduling, counters);
            OrderAdmin admin = new OrderAdmin(orderRepository, timelineStore, changes, products, outbox, clock, this::wakeScheduling,
                    apiFaults, Optional.ofNullable(receiver).map(r -> (Runnable) r::reset), counters);
            ScenarioAdmin scenarioAdmin = new ScenarioAdmin(scenarios, scenarioParser, config.defaultScenario());
            // Before the servers start: migrating mostly waits for the database's disk, and starting the servers
            // fills that wait (issue 8: start to ready on one core).
            database.startInBackground(onFatal);
            orderServer = HttpServers.start("order", config.bindHost(), config.orderPort(), config.httpWorkers(),
                    edge.newApplication(orderMetrics).register(new OrderResource(orders, config.publicBaseUrl())).register(new YamlBodyReader())
                            .register(new AdminResource(callbacks, admin, scenarioAdmin, clockDriver,
                                    new OrderListing(new HibernateOrderQueries(database, clock)))),
                    edge.newApplication(orderMetrics).register(new OrderHealthResource(database, probes, new MetricsEndpoint(orderMetrics)))
                            .register(new DashboardResource()).register(receiverProxy()), edge, orderMetrics,
                    new HttpServers.Lane("create", config.orderCreateWorkers(), Platform::createsAnOrder));
            servers.add(orderServer);
        }
        if (receiver != null) {
            callbackServer = HttpServers.start("callback", config.bindHost(), config.callbackPort(), config.httpWorkers(),
                    edge.newApplication(callbackMetrics).register(new CallbackResource(receiver, new Problems(config.retryAfter())))
                            .register(new ReceiverAdminResource(faults, receiver)),
                    edge.newApplication(callbackMetrics).register(new CallbackHealthResource(config.logDir(), probes,
                            new MetricsEndpoint(callbackMetrics))), edge, callbackMetrics, null);
            servers.add(callbackServer);
        }
    }

    /**
     * The dashboard's callback server: in mode B the one in this process (on loopback when it listens on every
     * address), in mode A the scheme, host and port of QWIRE_CALLBACK_URL.
     */
    private ReceiverProxy receiverProxy() {
        URI configured = URI.create(config.callbackUrl());
        ReceiverProxy proxy = new ReceiverProxy(() -> {
            if (!mode.runsCallbacks()) {
                return URI.create(configured.getScheme() + "://" + configured.getRawAuthority() + "/");
            }
            String host = config.bindHost().equals("0.0.0.0") || config.bindHost().equals("::") ? "127.0.0.1" : config.bindHost();
            return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + callbackPort() + "/");
        });
        workers.add(proxy);
        return proxy;
    }

    /** The timeline and the dispatcher need the schema: start them once the database is ready. */
    private void startSchedulersWhenReady() {
        Thread starter = new Thread(() -> {
            try {
                while (!database.awaitReady(Duration.ofSeconds(1))) {
                    if (closed) {
                        return;
                    }
                }
                synchronized (this) {
                    if (!closed) {
                        if (config.manualClock()) {
                            clockDriver.start();
                            workers.add(0, dispatcher);
                            workers.add(0, clockDriver);
                        } else {
                            dispatcher.start();
                            runner.start();
                            workers.add(0, dispatcher);
                            workers.add(0, runner);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "qwire-scheduler-start");
        starter.setDaemon(true);
        starter.start();
    }

    /** New due work was written: under the system clock the dispatcher looks now; under a manual one the driver settles it. */
    private void wakeScheduling() {
        if (config.manualClock()) {
            clockDriver.wakeUp();
        } else {
            dispatcher.wakeUp();
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

    /** Graceful: stop accepting, let in-flight requests finish, stop the timeline and the dispatcher, close the database. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (edge != null) {
            edge.answerHeldRequests(); // a delay longer than the grace would otherwise end in a closed connection
        }
        for (HttpServer server : servers) {
            try {
                server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS).get(config.shutdownGrace().toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("HTTP server did not stop gracefully: {}", e.toString());
            }
            // Also after a graceful stop: Grizzly's graceful shutdown stops the listeners but tears the handlers
            // down only here (the Jersey applications, and the create lane's workers).
            server.shutdownNow();
        }
        for (AutoCloseable worker : workers) {
            try {
                worker.close();
            } catch (Exception e) {
                log.warn("Stopping {}: {}", worker.getClass().getSimpleName(), e.toString());
            }
        }
        if (database != null) {
            database.close();
        }
        orderMetrics.close();
        callbackMetrics.close();
    }

    /** {@code POST /v1/order}: the one request that waits for a group commit (GroupCommit), served on the create lane. */
    private static boolean createsAnOrder(Request request) {
        return request.getMethod() == Method.POST && "/v1/order".equals(request.getRequestURI());
    }

    /** The clock's mode (1 when manual) and its current time, so that a dashboard can show what time the platform lives in. */
    private static void bindClock(ServiceMetrics metrics, PlatformClock clock) {
        Gauge.builder("qwire.clock.manual", clock, c -> c.manual() ? 1 : 0)
                .description("1 when the platform runs on the manual clock, 0 on the system clock").register(metrics.registry());
        Gauge.builder("qwire.clock.time.seconds", clock, c -> c.instant().toEpochMilli() / 1000.0)
                .description("The platform clock's current time, in seconds since the epoch").register(metrics.registry());
    }

    private static void createLogDir(Config config) {
        try {
            Files.createDirectories(config.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the log directory " + config.logDir().toAbsolutePath(), e);
        }
    }
}
