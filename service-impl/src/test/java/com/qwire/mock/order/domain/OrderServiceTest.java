package com.qwire.mock.order.domain;

import com.qwire.mock.shared.random.RandomSource;
import com.qwire.mock.testing.EmptyOutbox;
import com.qwire.mock.testing.MapProductCatalog;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00.123456Z");
    private static final String DEFAULT_CALLBACK = "http://localhost:8081/v1/callback";

    private final InMemoryOrders orders = new InMemoryOrders();
    private final MapProductCatalog catalogue = new MapProductCatalog(
            new Product("SKU-BOOK-001", "Book", ProductStatus.ACTIVE),
            new Product("SKU-GPU-003", "GPU", ProductStatus.OUT_OF_STOCK),
            new Product("SKU-FAX-004", "Fax", ProductStatus.DISCONTINUED));
    private static final Duration PROCESSING_DELAY = Duration.ofMillis(200);
    private final OrderService service = service(orders, 42);

    private OrderService service(InMemoryOrders store, long seed) {
        RandomSource random = RandomSource.create(OptionalLong.of(seed));
        Scenario happy = new Scenario("happy", "", List.of(
                new Scenario.Step(new Delay.Fixed(PROCESSING_DELAY), OrderStatus.PROCESSING, "PROCESSING_STARTED", CallbackMode.SEND, Duration.ZERO),
                new Scenario.Step(new Delay.Fixed(Duration.ofMillis(500)), OrderStatus.COMPLETED, "PROCESSING_SUCCEEDED", CallbackMode.SEND, Duration.ZERO)),
                Map.of(), Scenario.Source.BUILT_IN);
        ScenarioCatalog scenarios = new ScenarioCatalog(List.of(happy));
        return new OrderService(store, catalogue, new OrderTimeline(random), new ScenarioSelector(scenarios, List.of(), "happy"),
                scenarios, new ApiFaults(random), new EmptyOutbox() /* creating orders never touches the outbox */, random, Clock.fixed(NOW, ZoneOffset.UTC), DEFAULT_CALLBACK,
                com.qwire.mock.shared.config.Config.from(Map.of()).callbackUrlPolicy());
    }

    private static NewOrder request(UUID reference, String product, int quantity) {
        return new NewOrder(reference, product, quantity, new BigDecimal("19.99"), "EUR", null, null, null, null);
    }

    @Test
    void createsOrderWithGeneratedReferenceDefaultCallbackAndMillisecondTime() {
        OrderService.Creation creation = service.create(request(null, "SKU-BOOK-001", 2), Optional.empty(), "trace-1");
        Order order = creation.order();
        assertThat(creation.replayed()).isFalse();
        assertThat(order.reference()).isNotNull();
        assertThat(order.reference().version()).isEqualTo(4);
        assertThat(order.callbackUrl()).isEqualTo(DEFAULT_CALLBACK);
        assertThat(order.createdAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
        assertThat(orders.stored).containsKey(order.reference());
    }

    @Test
    void sameSeedGeneratesTheSameReferences() {
        OrderService again = service(new InMemoryOrders(), 42);
        assertThat(again.create(request(null, "SKU-BOOK-001", 2), Optional.empty(), "t").order().reference())
                .isEqualTo(service.create(request(null, "SKU-BOOK-001", 2), Optional.empty(), "t").order().reference());
    }

    private static List<UUID> createThree(OrderService service) {
        return java.util.stream.IntStream.range(0, 3).mapToObj(i -> {
            OrderService.Creation created = service.create(request(null, "SKU-BOOK-001", 2), Optional.empty(), "t" + i);
            assertThat(created.replayed()).as("the client sent no reference: never a replay").isFalse();
            return created.order().reference();
        }).toList();
    }

    @Test
    void aSeededRunRestartedOnItsStoreGoesOnWithNewReferences() {
        List<UUID> firstRun = createThree(service(orders, 7));
        List<UUID> afterRestart = createThree(service(orders, 7));
        assertThat(afterRestart).doesNotContainAnyElementsOf(firstRun);
        assertThat(orders.stored).hasSize(6);
        assertThat(createThree(service(new InMemoryOrders(), 7))).as("an empty store: the seed's own references").isEqualTo(firstRun);
    }

    @Test
    void aTakenReferenceOfOursIsDrawnAgainNotTakenForTheClientsReplay() {
        List<UUID> firstInstance = createThree(service(orders, 7));
        orders.countsNothing = true;
        List<UUID> secondInstance = createThree(service(orders, 7));
        assertThat(secondInstance).doesNotContainAnyElementsOf(firstInstance).doesNotHaveDuplicates();
        assertThat(orders.stored).hasSize(6);
    }

    @Test
    void identicalRepeatIsReplayedAndDifferentBodyIsAConflict() {
        UUID reference = UUID.randomUUID();
        Order first = service.create(request(reference, "SKU-BOOK-001", 2), Optional.empty(), "t1").order();

        OrderService.Creation replay = service.create(request(reference, "SKU-BOOK-001", 2), Optional.empty(), "t2");
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.order().reference()).isEqualTo(first.reference());
        assertThat(replay.order().traceId()).isEqualTo("t1");

        assertThatThrownBy(() -> service.create(request(reference, "SKU-BOOK-001", 3), Optional.empty(), "t3"))
                .isInstanceOf(IdempotencyConflictException.class);
        assertThat(orders.inserts).isEqualTo(3);
        assertThat(orders.stored).hasSize(1);
    }

    @Test
    void replayWinsEvenAfterTheProductWasDiscontinued() {
        UUID reference = UUID.randomUUID();
        service.create(request(reference, "SKU-BOOK-001", 2), Optional.empty(), "t1");
        catalogue.put(new Product("SKU-BOOK-001", "Book", ProductStatus.DISCONTINUED));
        assertThat(service.create(request(reference, "SKU-BOOK-001", 2), Optional.empty(), "t2").replayed()).isTrue();
        assertThatThrownBy(() -> service.create(request(UUID.randomUUID(), "SKU-BOOK-001", 2), Optional.empty(), "t3"))
                .isInstanceOf(ProductNotOrderableException.class);
    }

    @Test
    void acceptedOrderIsScheduledToStartProcessingAfterTheDelay() {
        Order order = service.create(request(null, "SKU-BOOK-001", 1), Optional.empty(), "t").order();
        DueTransition first = orders.firstTransitions.get(order.reference());
        assertThat(first.target()).isEqualTo(OrderStatus.PROCESSING);
        assertThat(first.reason()).isEqualTo("PROCESSING_STARTED");
        assertThat(first.dueAt()).isEqualTo(order.createdAt().plus(PROCESSING_DELAY));
    }

    @Test
    void outOfStockOrderIsScheduledToFail() {
        Order order = service.create(request(null, "SKU-GPU-003", 1), Optional.empty(), "t").order();
        DueTransition first = orders.firstTransitions.get(order.reference());
        assertThat(first.target()).isEqualTo(OrderStatus.FAILED);
        assertThat(first.reason()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void productRulesDecideAcceptance() {
        assertThatThrownBy(() -> service.create(request(null, "SKU-NONE-999", 1), Optional.empty(), "t")).isInstanceOf(ProductNotFoundException.class);
        assertThatThrownBy(() -> service.create(request(null, "SKU-FAX-004", 1), Optional.empty(), "t")).isInstanceOf(ProductNotOrderableException.class)
                .hasMessageContaining("DISCONTINUED");
        assertThat(service.create(request(null, "SKU-GPU-003", 1), Optional.empty(), "t").order().status()).isEqualTo(OrderStatus.CREATED);
        assertThat(orders.stored).hasSize(1);
    }

    @Test
    void unknownReferenceIsNotFound() {
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> service.get(unknown)).isInstanceOf(OrderNotFoundException.class).hasMessageContaining(unknown.toString());
    }

    /** Behaves like the unique constraint: the second insert of a reference is refused. */
    private static final class InMemoryOrders implements OrderRepository {
        final Map<UUID, Order> stored = new HashMap<>();
        final Map<UUID, DueTransition> firstTransitions = new HashMap<>();
        int inserts;
        /** A second instance on the same database counts too early: what it sees stored is not what it will meet. */
        boolean countsNothing;

        @Override
        public synchronized Optional<OrderService.Details> findDetails(UUID reference) {
            return find(reference).map(order -> new OrderService.Details(order, Optional.empty()));
        }

        @Override
        public synchronized long count() {
            return countsNothing ? 0 : stored.size();
        }

        @Override
        public synchronized void insert(Order order, Optional<DueTransition> first) {
            inserts++;
            if (stored.putIfAbsent(order.reference(), order) != null) {
                throw new DuplicateReferenceException(order.reference(), null);
            }
            first.ifPresent(transition -> firstTransitions.put(order.reference(), transition));
        }

        @Override
        public synchronized Optional<Order> find(UUID reference) {
            return Optional.ofNullable(stored.get(reference));
        }

        @Override
        public synchronized Deleted deleteAll() {
            int count = stored.size();
            stored.clear();
            return new Deleted(count, 0);
        }
    }
}
