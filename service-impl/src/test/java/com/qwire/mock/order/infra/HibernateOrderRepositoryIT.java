package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.CallbackMode;
import com.qwire.mock.order.domain.DueTransition;
import com.qwire.mock.order.domain.Plan;
import com.qwire.mock.order.domain.DuplicateReferenceException;
import com.qwire.mock.order.domain.NewOrder;
import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.order.domain.ProductStatus;
import com.qwire.mock.order.domain.StatusChange;
import com.qwire.mock.shared.db.Database;
import com.qwire.mock.shared.db.DatabaseVendor;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class HibernateOrderRepositoryIT {
    private static Database database;
    private static HibernateOrderRepository orders;
    private static HibernateProductCatalog products;

    @BeforeAll
    static void migrate() throws InterruptedException {
        database = new Database(TestPlatform.config(Map.of()), OrderPersistence.ENTITIES);
        database.startInBackground(fatal -> { });
        assertThat(database.awaitReady(Duration.ofSeconds(60))).as("database ready").isTrue();
        orders = new HibernateOrderRepository(database);
        products = new HibernateProductCatalog(database, java.time.Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static Order newOrder(UUID reference, Map<String, String> metadata) {
        NewOrder request = new NewOrder(reference, "SKU-PHONE-002", 3, new BigDecimal("1234567.89"), "JPY", "cust-7",
                "https://hooks.example.com/q?x=1", "flaky-callback", metadata);
        return Order.accept(request, reference, request.callbackUrl(), "trace-abc", Instant.parse("2026-11-21T10:00:00.123Z"), PLAN);
    }

    private static final Plan PLAN = new Plan("flaky-callback", java.util.List.of(
            new Plan.Step(java.time.Duration.ofMillis(1234), OrderStatus.PROCESSING, "PROCESSING_STARTED", CallbackMode.TWICE, java.time.Duration.ZERO),
            new Plan.Step(java.time.Duration.ofMillis(5), OrderStatus.COMPLETED, "PROCESSING_SUCCEEDED", CallbackMode.SEND, java.time.Duration.ofSeconds(10))));

    private static java.util.Optional<DueTransition> firstStep(UUID reference) {
        // Due far in the future: no runner is active here, and none should pick it up elsewhere soon.
        return java.util.Optional.of(new DueTransition(UUID.randomUUID(), reference, OrderStatus.PROCESSING, "PROCESSING_STARTED",
                Instant.parse("2099-01-01T00:00:00Z"), 0));
    }

    @Test
    void runsOnMariaDbThroughItsOwnDriver() {
        assertThat(database.vendor()).isIn(DatabaseVendor.MARIADB, DatabaseVendor.MYSQL);
        assertThat(database.ping()).isTrue();
    }

    @Test
    void readsLeaveNoTransactionForACommitToEnd() {
        // After a SELECT, whether the server holds a transaction open on that connection (which a COMMIT round trip must
        // end): none after Database.read (auto-commit, issue 8), one on a transaction's connection. MariaDB says so in
        // @@in_transaction; MySQL has no such variable, and there the connection's auto-commit mode decides it.
        boolean mariaDb = database.vendor() == DatabaseVendor.MARIADB;
        org.hibernate.jdbc.ReturningWork<Long> selectThenAsk = c -> {
            try (var select = c.createStatement(); var ask = c.createStatement()) {
                select.executeQuery("select count(*) from orders where reference = '00000000-0000-0000-0000-000000000000'").close();
                if (!mariaDb) {
                    return c.getAutoCommit() ? 0L : 1L;
                }
                var answer = ask.executeQuery("select @@in_transaction");
                answer.next();
                return answer.getLong(1);
            }
        };
        Long afterRead = database.read(session -> session.doReturningWork(selectThenAsk));
        Long inTransaction = database.inStatelessTransaction(session -> session.doReturningWork(selectThenAsk));
        assertThat(afterRead).as("after a read").isZero();
        assertThat(inTransaction).as("in a transaction").isEqualTo(1L);
        assertThat(orders.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void hibernateRunsWithoutRuntimeBytecode() {
        // shared/db/NoRuntimeBytecode: no proxy or accessor classes generated at start-up; everything above and
        // below reads and writes entities through plain reflection.
        Object provider = database.inStatelessTransaction(session -> ((SharedSessionContractImplementor) session).getFactory()
                .getServiceRegistry().requireService(BytecodeProvider.class));
        assertThat(provider).isInstanceOf(org.hibernate.bytecode.internal.none.BytecodeProviderImpl.class);
    }

    @Test
    void storedOrderReadsBackFieldForField() {
        UUID reference = UUID.randomUUID();
        Order order = newOrder(reference, Map.of("channel", "web", "note", "çødé ✓ 中文"));
        order.transitionTo(OrderStatus.PROCESSING, "PROCESSING_STARTED", Instant.parse("2026-11-21T10:00:01.456Z"));
        orders.insert(order, firstStep(reference));

        Order read = orders.find(reference).orElseThrow();
        assertThat(read.reference()).isEqualTo(reference);
        assertThat(read.productCode()).isEqualTo("SKU-PHONE-002");
        assertThat(read.quantity()).isEqualTo(3);
        assertThat(read.amount()).isEqualByComparingTo("1234567.89");
        assertThat(read.currency()).isEqualTo("JPY");
        assertThat(read.customerId()).isEqualTo("cust-7");
        assertThat(read.callbackUrl()).isEqualTo("https://hooks.example.com/q?x=1");
        assertThat(read.scenario()).isEqualTo("flaky-callback");
        assertThat(read.plan()).isEqualTo(PLAN);
        assertThat(read.metadata()).isEqualTo(Map.of("channel", "web", "note", "çødé ✓ 中文"));
        assertThat(read.requestFingerprint()).isEqualTo(order.requestFingerprint());
        assertThat(read.traceId()).isEqualTo("trace-abc");
        assertThat(read.status()).isEqualTo(OrderStatus.PROCESSING);
        assertThat(read.createdAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
        assertThat(read.updatedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:01.456Z"));
        assertThat(read.history()).containsExactly(
                new StatusChange(null, OrderStatus.CREATED, Instant.parse("2026-11-21T10:00:00.123Z"), "ORDER_ACCEPTED"),
                new StatusChange(OrderStatus.CREATED, OrderStatus.PROCESSING, Instant.parse("2026-11-21T10:00:01.456Z"), "PROCESSING_STARTED"));
    }

    @Test
    void timesAreStoredAsTheirUtcWallClockWhateverTheJvmsZone() throws Exception {
        // The multi-statement insert binds its own times (Jdbc): they must land as Hibernate's mappings store them,
        // UTC, also when the JVM runs in another zone (CI's is UTC, which would hide a local-zone conversion).
        UUID reference = UUID.randomUUID();
        TimeZone zone = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
            orders.insert(newOrder(reference, Map.of()), firstStep(reference));
            assertThat(orders.find(reference).orElseThrow().createdAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
        } finally {
            TimeZone.setDefault(zone);
        }
        try (java.sql.Connection c = TestDatabase.connect()) {
            assertThat(TestDatabase.single(c, "SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s.%f') FROM orders WHERE reference = ?",
                    reference.toString())).isEqualTo("2026-11-21 10:00:00.123000");
            assertThat(TestDatabase.single(c, "SELECT DATE_FORMAT(due_at, '%Y-%m-%d %H:%i:%s.%f') FROM order_transitions WHERE order_reference = ?",
                    reference.toString())).as("the first transition's due time (2099-01-01T00:00:00Z)").isEqualTo("2099-01-01 00:00:00.000000");
        }
    }

    @Test
    void secondInsertOfAReferenceIsRefusedByTheUniqueConstraint() {
        UUID reference = UUID.randomUUID();
        orders.insert(newOrder(reference, Map.of()), firstStep(reference));
        assertThatThrownBy(() -> orders.insert(newOrder(reference, Map.of("other", "body")), firstStep(reference)))
                .isInstanceOf(DuplicateReferenceException.class);
        assertThat(orders.find(reference).orElseThrow().metadata()).isEmpty();
    }

    @Test
    void aFailureAfterTheOrderRowLeavesNothingBehind() {
        // On MariaDB the rows and the commit go as one multi-statement: a statement failing after the order's
        // insert must roll the order back, and leave no open transaction holding its row on a pooled connection.
        UUID taken = UUID.randomUUID();
        UUID earlier = UUID.randomUUID();
        orders.insert(newOrder(earlier, Map.of()), java.util.Optional.of(new DueTransition(taken, earlier, OrderStatus.PROCESSING,
                "PROCESSING_STARTED", Instant.parse("2099-01-01T00:00:00Z"), 0)));
        UUID reference = UUID.randomUUID();
        java.util.Optional<DueTransition> clashing = java.util.Optional.of(new DueTransition(taken, reference, OrderStatus.PROCESSING,
                "PROCESSING_STARTED", Instant.parse("2099-01-01T00:00:00Z"), 0));

        assertThatThrownBy(() -> orders.insert(newOrder(reference, Map.of()), clashing))
                .as("the transition's id is taken: the last insert fails")
                .hasStackTraceContaining("Duplicate entry '" + taken + "'");
        assertThat(orders.find(reference)).as("the order's row was rolled back").isEmpty();
        // A transaction left open would still hold the row's lock (a wait, then a lock timeout) or the row itself
        // (on the same connection: a duplicate); the same order is simply created instead.
        orders.insert(newOrder(reference, Map.of("second", "try")), firstStep(reference));
        assertThat(orders.find(reference).orElseThrow().metadata()).isEqualTo(Map.of("second", "try"));
        assertThat(orders.find(reference).orElseThrow().history()).hasSize(1);
    }

    /**
     * Another transaction holds an uncommitted row of {@code reference}: an insert of that reference waits for it
     * (InnoDB's duplicate-key check), and so does every insert queued behind that one. Closing the returned latch's
     * count rolls that row back.
     */
    private static CountDownLatch holdUncommitted(UUID reference, ExecutorService threads)
            throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        threads.submit(() -> {
            try {
                database.inStatelessTransaction(session -> {
                    new Jdbc.Writes().insert("orders", OrderEntity.INSERT_COLUMNS,
                            List.<Object[]>of(OrderEntity.of(newOrder(reference, Map.of())).insertValues())).send(session, false);
                    held.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("rolled back on purpose");
                });
            } catch (IllegalStateException expected) {
                // the row is gone
            }
        });
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    /** Inserts each order on its own thread, in this order, once the one before it is queued; the futures say what each threw. */
    private static List<Future<Throwable>> insertBehind(HibernateOrderRepository repository, List<Order> queued,
                                                                          ExecutorService threads) {
        List<Future<Throwable>> outcomes = new ArrayList<>();
        for (Order order : queued) {
            outcomes.add(threads.submit(() -> {
                try {
                    repository.insert(order, firstStep(order.reference()));
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            }));
            int expected = outcomes.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> repository.queuedInserts() == expected);
        }
        return outcomes;
    }

    /**
     * Inserts {@code queued} through a repository that reports its groups to {@code groups}: the first order waits on
     * another transaction's uncommitted row of its reference while the others queue behind it, in order; nothing is
     * written meanwhile; then that row is rolled back. Returns what each insert threw, or null where it returned.
     */
    private static List<Throwable> insertWhileTheFirstWaits(List<Order> queued, List<Integer> groups) throws Exception {
        HibernateOrderRepository grouped = new HibernateOrderRepository(database, groups::add);
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            CountDownLatch release = holdUncommitted(queued.get(0).reference(), threads);
            List<Future<Throwable>> outcomes = insertBehind(grouped, queued, threads);
            assertThat(groups).as("nothing written while the first insert waits").isEmpty();
            release.countDown();
            List<Throwable> thrown = new ArrayList<>();
            for (var outcome : outcomes) {
                thrown.add(outcome.get(60, TimeUnit.SECONDS));
            }
            return thrown;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void ordersCreatedAtTheSameTimeShareOneTransaction() throws Exception {
        // Group commit (issue 8): while one insert is being written, the ones that queue behind it go as one transaction.
        List<Order> queued = new ArrayList<>();
        queued.add(newOrder(UUID.randomUUID(), Map.of("first", "waits")));
        for (int i = 0; i < 10; i++) {
            queued.add(newOrder(UUID.randomUUID(), Map.of("n", Integer.toString(i))));
        }
        List<Integer> groups = Collections.synchronizedList(new ArrayList<>());
        assertThat(insertWhileTheFirstWaits(queued, groups)).containsOnlyNulls();
        assertThat(groups).containsExactly(1, 10);
        for (Order order : queued) {
            Order stored = orders.find(order.reference()).orElseThrow();
            assertThat(stored.metadata()).isEqualTo(order.metadata());
            assertThat(stored.history()).hasSize(1);
        }
    }

    @Test
    void aTakenReferenceInAGroupFailsOnlyItsOwnOrder() throws Exception {
        UUID taken = UUID.randomUUID();
        orders.insert(newOrder(taken, Map.of("original", "yes")), firstStep(taken));
        List<Order> queued = List.of(newOrder(UUID.randomUUID(), Map.of()), newOrder(UUID.randomUUID(), Map.of()),
                newOrder(UUID.randomUUID(), Map.of()), newOrder(taken, Map.of("original", "no")), newOrder(UUID.randomUUID(), Map.of()));
        List<Integer> groups = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> thrown = insertWhileTheFirstWaits(queued, groups);
        assertThat(thrown.get(3)).isInstanceOf(DuplicateReferenceException.class);
        for (int i : new int[] {0, 1, 2, 4}) {
            assertThat(thrown.get(i)).as("order %d", i).isNull();
            assertThat(orders.find(queued.get(i).reference())).as("order %d", i).isPresent();
        }
        assertThat(orders.find(taken).orElseThrow().metadata()).isEqualTo(Map.of("original", "yes"));
        assertThat(groups).as("the group failed on the taken reference; the others were written one by one").containsExactly(1, 1, 1, 1);
    }

    @Test
    void theHandWrittenInsertsWriteEveryMappedColumn() {
        // New orders, the timeline's batches and the dispatcher's outcomes write their rows by hand (Jdbc.Writes):
        // a column added to a mapping must be added there too.
        var factory = database.inStatelessTransaction(session -> ((SharedSessionContractImplementor) session).getFactory());
        var metamodel = factory.getMappingMetamodel();
        for (var entity : Map.of(OrderEntity.class, OrderEntity.INSERT_COLUMNS, DueTransitionEntity.class, DueTransitionEntity.INSERT_COLUMNS,
                OutboxEntity.class, OutboxEntity.INSERT_COLUMNS, AttemptEntity.class, AttemptEntity.INSERT_COLUMNS).entrySet()) {
            var descriptor = metamodel.getEntityDescriptor(entity.getKey());
            assertThat(columns(entity.getValue())).as(entity.getKey().getSimpleName()).containsExactlyInAnyOrderElementsOf(
                    selectables(descriptor.getIdentifierMapping(), descriptor));
        }
        var history = metamodel.getCollectionDescriptor(OrderEntity.class.getName() + ".history").getAttributeMapping();
        assertThat(columns(OrderEntity.HISTORY_COLUMNS)).containsExactlyInAnyOrderElementsOf(
                selectables(history.getKeyDescriptor().getKeyPart(), history.getIndexDescriptor(), history.getElementDescriptor()));
    }

    private static List<String> columns(String list) {
        return java.util.Arrays.stream(list.split(",")).map(String::trim).toList();
    }

    private static List<String> selectables(org.hibernate.metamodel.mapping.ModelPart... parts) {
        List<String> names = new java.util.ArrayList<>();
        for (var part : parts) {
            part.forEachSelectable((index, selectable) -> names.add(selectable.getSelectionExpression()));
        }
        return names;
    }

    @Test
    void unknownReferenceIsEmpty() {
        assertThat(orders.find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void catalogueIsSeededByTheMigration() {
        assertThat(products.find("SKU-BOOK-001").orElseThrow().status()).isEqualTo(ProductStatus.ACTIVE);
        assertThat(products.find("SKU-PHONE-002").orElseThrow().status()).isEqualTo(ProductStatus.ACTIVE);
        assertThat(products.find("SKU-GPU-003").orElseThrow().status()).isEqualTo(ProductStatus.OUT_OF_STOCK);
        assertThat(products.find("SKU-FAX-004").orElseThrow().status()).isEqualTo(ProductStatus.DISCONTINUED);
        assertThat(products.find("SKU-NOPE-000")).isEmpty();
    }
}
