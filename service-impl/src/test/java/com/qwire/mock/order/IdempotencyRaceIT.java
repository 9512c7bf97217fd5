package com.qwire.mock.order;

import com.qwire.mock.app.Platform;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** 50 simultaneous creates of one reference over real HTTP: the unique constraint decides, one order results. */
class IdempotencyRaceIT {
    private static final int CALLERS = 50;
    private static Platform platform;

    @BeforeAll
    static void start() {
        platform = TestPlatform.start(Map.of("QWIRE_ORDER_CREATE_WORKERS", "64", "QWIRE_DB_POOL_SIZE", "32"));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String body(UUID reference, int quantity) {
        return "{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":" + quantity
                + ",\"amount\":\"19.99\",\"currency\":\"EUR\"}";
    }

    @Test
    void fiftyIdenticalParallelPostsCreateOneOrderAndReplayTheRest() throws Exception {
        UUID reference = UUID.randomUUID();
        List<HttpResponse<String>> responses = race(i -> body(reference, 2));

        assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(CALLERS - 1)
                .allSatisfy(r -> assertThat(r.headers().firstValue("Idempotent-Replayed")).contains("true"));
        assertThat(responses).allSatisfy(r -> assertThat(r.body()).contains(reference.toString()));
        assertThat(rowsFor(reference)).isEqualTo(1);
    }

    @Test
    void fiftyParallelPostsWithDifferentBodiesCreateOneOrderAndRefuseTheRest() throws Exception {
        UUID reference = UUID.randomUUID();
        List<HttpResponse<String>> responses = race(i -> body(reference, i + 1));

        assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 409).hasSize(CALLERS - 1)
                .allSatisfy(r -> assertThat(r.body()).contains("IDEMPOTENCY_CONFLICT"));
        assertThat(rowsFor(reference)).isEqualTo(1);
    }

    private static List<HttpResponse<String>> race(java.util.function.IntFunction<String> bodies) throws Exception {
        String url = "http://127.0.0.1:" + platform.orderPort() + "/v1/order";
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<HttpResponse<String>>> futures = IntStream.range(0, CALLERS)
                    .mapToObj(i -> pool.submit((Callable<HttpResponse<String>>) () -> {
                        go.await();
                        return Http.postJson(url, bodies.apply(i));
                    })).toList();
            go.countDown();
            List<HttpResponse<String>> responses = new java.util.ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                responses.add(f.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static int rowsFor(UUID reference) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabase.url(), TestDatabase.user(), TestDatabase.password());
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM orders WHERE reference = ?")) {
            ps.setString(1, reference.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
