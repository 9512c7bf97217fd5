package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.net.CallbackUrlPolicy;
import com.qwire.mock.shared.random.RandomSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Accepts and reads orders. Idempotency is decided by the repository's unique reference. */
public final class OrderService {
    private static final Logger log = LoggerFactory.getLogger(OrderService.class);
    private final OrderRepository orders;
    private final ProductCatalog products;
    private final OrderTimeline timeline;
    private final ScenarioSelector scenarios;
    private final ScenarioCatalog catalog;
    private final ApiFaults faults;
    private final CallbackOutbox callbacks;
    private static final int MAX_REFERENCE_DRAWS = 100;
    private final RandomSource random;
    private final RandomSource references;
    private boolean referencesPositioned;
    private final Clock clock;
    private final String defaultCallbackUrl;
    private final OrderMetrics metrics;
    private final CallbackUrlPolicy callbackHosts;

    public OrderService(OrderRepository orders, ProductCatalog products, OrderTimeline timeline, ScenarioSelector scenarios,
                        ScenarioCatalog catalog, ApiFaults faults, CallbackOutbox callbacks, RandomSource random, Clock clock,
                        String defaultCallbackUrl, CallbackUrlPolicy callbackHosts) {
        this(orders, products, timeline, scenarios, catalog, faults, callbacks, random, clock, defaultCallbackUrl, callbackHosts,
                OrderMetrics.NONE);
    }

    public OrderService(OrderRepository orders, ProductCatalog products, OrderTimeline timeline, ScenarioSelector scenarios,
                        ScenarioCatalog catalog, ApiFaults faults, CallbackOutbox callbacks, RandomSource random, Clock clock,
                        String defaultCallbackUrl, CallbackUrlPolicy callbackHosts, OrderMetrics metrics) {
        this.metrics = metrics;
        this.orders = orders;
        this.scenarios = scenarios;
        this.catalog = catalog;
        this.faults = faults;
        this.products = products;
        this.timeline = timeline;
        this.callbacks = callbacks;
        this.random = random;
        this.references = random.stream("references");
        this.clock = clock;
        this.defaultCallbackUrl = defaultCallbackUrl;
        this.callbackHosts = callbackHosts;
    }

    /** {@code scenarioHeader}: the {@code X-Mock-Scenario} header, which the request's own field overrides. */
    public Creation create(NewOrder request, Optional<String> scenarioHeader, String traceId) {
        if (request.callbackUrl() != null) {
            callbackHosts.refusal(request.callbackUrl()).ifPresent(reason -> {
                throw new InvalidOrderException(List.of(new FieldViolation("callbackUrl", reason)));
            });
        }
        Scenario scenario = scenarios.choose(request, scenarioHeader);
        faults.apply(scenario, ApiOperation.CREATE_ORDER, request.reference());
        Optional<Product> product = products.find(request.productCode());
        if (product.isEmpty() || !product.get().status().isOrderable()) {
            // A replay stays a replay even if the product has since become unorderable.
            Optional<Order> earlier = request.reference() == null ? Optional.empty() : orders.find(request.reference());
            if (earlier.isPresent()) {
                return replayOrConflict(earlier.get(), request);
            }
            throw product.isEmpty()
                    ? new ProductNotFoundException(request.productCode())
                    : new ProductNotOrderableException(product.get());
        }
        String callbackUrl = request.callbackUrl() != null ? request.callbackUrl() : defaultCallbackUrl;
        Instant now = now();
        Plan plan = scenario.plan(random);
        if (request.reference() == null) {
            return createWithOurReference(request, product.get(), callbackUrl, traceId, now, plan, scenario.name());
        }
        Order order = Order.accept(request, request.reference(), callbackUrl, traceId, now, plan);
        try {
            insert(order, product.get(), now, scenario.name());
            return new Creation(order, false);
        } catch (DuplicateReferenceException duplicate) {
            Order existing = orders.find(request.reference()).orElseThrow(() -> duplicate);
            return replayOrConflict(existing, request);
        }
    }

    /**
     * The client sent no reference: ours is drawn, and one that is taken (a seeded run restarted on
     * its database, two seeded instances on one) is never the client's replay or conflict: the next
     * one is drawn instead.
     */
    private Creation createWithOurReference(NewOrder request, Product product, String callbackUrl, String traceId, Instant now, Plan plan,
                                            String scenario) {
        for (int attempt = 1; ; attempt++) {
            Order order = Order.accept(request, nextReference(), callbackUrl, traceId, now, plan);
            try {
                insert(order, product, now, scenario);
                return new Creation(order, false);
            } catch (DuplicateReferenceException taken) {
                if (attempt == MAX_REFERENCE_DRAWS) {
                    throw new IllegalStateException("No free reference after " + attempt + " draws", taken);
                }
                log.info("Reference {} is taken already; drawing another", order.reference());
            }
        }
    }

    private void insert(Order order, Product product, Instant now, String scenario) throws DuplicateReferenceException {
        orders.insert(order, timeline.first(order, product, now));
        metrics.orderCreated(scenario);
        log.info("Order {} accepted: {} x{} for {} {}, status {}, scenario {}, callbacks to {}", order.reference(), order.productCode(),
                order.quantity(), order.amount().toPlainString(), order.currency(), order.status(), scenario, order.callbackUrl());
    }

    /**
     * References come from their own stream of the seed. Its first use skips as many draws as there
     * are orders stored, so a seeded run restarted on its database goes on where it stopped instead
     * of drawing the references it already used; on an empty database (fresh, or after a reset) a
     * seed gives the same references every time.
     */
    private synchronized UUID nextReference() {
        if (!referencesPositioned && references.seeded()) {
            for (long stored = orders.count(); stored > 0; stored--) {
                references.uuid();
            }
            referencesPositioned = true;
        }
        return references.uuid();
    }

    public Order get(UUID reference) {
        return orders.find(reference).orElseThrow(() -> new OrderNotFoundException(reference));
    }

    /** The order with the delivery state of its latest callback, if it has one yet; its scenario's faults apply. */
    public Details details(UUID reference) {
        Details details = orders.findDetails(reference).orElseThrow(() -> new OrderNotFoundException(reference));
        if (details.order().scenario() != null) {
            catalog.find(details.order().scenario()).ifPresent(scenario -> faults.apply(scenario, ApiOperation.GET_ORDER, reference));
        }
        return details;
    }

    private static Creation replayOrConflict(Order existing, NewOrder request) {
        if (!existing.requestFingerprint().equals(request.fingerprint())) {
            log.info("Order {} refused: the reference is taken by a different request", existing.reference());
            throw new IdempotencyConflictException(existing.reference());
        }
        log.info("Order {} replayed: identical request, answering with the stored order", existing.reference());
        return new Creation(existing, true);
    }

    /** Millisecond precision: what the database stores is exactly what the API answered. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public record Creation(Order order, boolean replayed) {
    }

    public record Details(Order order, Optional<CallbackOutbox.DeliveryView> latestCallback) {
    }
}
