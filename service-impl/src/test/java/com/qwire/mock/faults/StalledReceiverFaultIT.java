package com.qwire.mock.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A receiver that answers its headers and part of the body, then stalls with the connection open
 * (issue 9, defect 3): each attempt ends at the attempt deadline (connect + request timeout) as a
 * timeout, and the stalled attempts, however many, hold only their target's share: another target's
 * callbacks go meanwhile.
 */
class StalledReceiverFaultIT {
    private static final int TIMEOUT_MS = 2000;
    private static final int CONNECT_TIMEOUT_MS = 500;
    /** As many as the stalled target may have in flight (QWIRE_TARGET_CONCURRENCY, set so here). */
    private static final int STALLED_ORDERS = 16;

    @RegisterExtension
    static final TestReceiver healthy = TestReceiver.start();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_CALLBACK_TIMEOUT_MS", Integer.toString(TIMEOUT_MS),
            "QWIRE_CALLBACK_CONNECT_TIMEOUT_MS", Integer.toString(CONNECT_TIMEOUT_MS),
            "QWIRE_CALLBACK_LEASE_MS", "5000",
            "QWIRE_CALLBACK_MAX_ATTEMPTS", "1",
            "QWIRE_TARGET_CONCURRENCY", Integer.toString(STALLED_ORDERS),
            "QWIRE_PROCESSING_DELAY_MS", "10",
            "QWIRE_COMPLETION_DELAY_MS", "60000"));

    @Test
    void anAnswerThatStallsMidBodyIsTimedOutAtTheDeadlineAndHoldsOnlyItsTargetsShare() throws Exception {
        try (StallingReceiver staller = new StallingReceiver()) {
            List<String> stalled = new ArrayList<>();
            for (int i = 0; i < STALLED_ORDERS; i++) {
                stalled.add(create(staller.url()));
            }
            // The other target's orders come once every stalled attempt hangs, so "meanwhile" means it.
            await().atMost(Duration.ofSeconds(10)).until(() -> staller.accepted.get() == STALLED_ORDERS);
            List<String> others = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                others.add(create(healthy.url()));
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> stalled.stream().allMatch(r -> "DEAD_LETTER".equals(firstEvent(r).get("status").asText())));
            Instant firstStallEnded = Instant.MAX;
            for (String reference : stalled) {
                JsonNode attempt = firstEvent(reference).get("attemptLog").get(0);
                assertThat(attempt.get("errorClass").asText()).isEqualTo("TIMEOUT");
                assertThat(attempt.get("error").asText()).matches("no complete answer within \\d+ ms|timed out waiting for the answer");
                assertThat(attempt.has("responseStatus")).as("the status line came, the answer did not").isFalse();
                assertThat(attempt.get("durationMs").asLong()).as("ended at the attempt deadline")
                        .isBetween((long) TIMEOUT_MS, (long) TIMEOUT_MS + CONNECT_TIMEOUT_MS + 1000);
                Instant ended = at(attempt.get("startedAt")).plusMillis(attempt.get("durationMs").asLong());
                firstStallEnded = ended.isBefore(firstStallEnded) ? ended : firstStallEnded;
            }
            assertThat(staller.accepted.get()).as("every stalled attempt reached the receiver").isEqualTo(STALLED_ORDERS);

            for (String reference : others) {
                JsonNode event = firstEvent(reference);
                assertThat(event.get("status").asText()).isEqualTo("DELIVERED");
                assertThat(at(event.get("deliveredAt"))).as("delivered while the stalled attempts hung").isBefore(firstStallEnded);
            }
        }
    }

    private static String create(String callbackUrl) {
        var created = Http.postJson("http://127.0.0.1:" + platform.orderPort() + "/v1/order",
                "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\",\"callbackUrl\":\"" + callbackUrl + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created.body()).get("reference").asText();
    }

    /** The PROCESSING event (the order completes only in a minute). */
    private static JsonNode firstEvent(String reference) {
        JsonNode events = json(Http.get("http://127.0.0.1:" + platform.orderPort() + "/v1/admin/callbacks?reference=" + reference).body())
                .get("events");
        return events.size() == 0 ? json("{\"status\":\"NONE\"}") : events.get(events.size() - 1);
    }

    private static Instant at(JsonNode time) {
        return OffsetDateTime.parse(time.asText()).toInstant();
    }

    /** Reads each request's headers, answers a status line, headers and 10 of 100 promised body bytes, then says nothing more. */
    private static final class StallingReceiver implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();
        private final AtomicInteger accepted = new AtomicInteger();

        StallingReceiver() throws IOException {
            Thread acceptor = new Thread(this::accept, "stalling-receiver");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/hooks";
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    open.add(socket);
                    Thread handler = new Thread(() -> stall(socket), "stalling-receiver-conn");
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void stall(Socket socket) {
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[8192];
                StringBuilder head = new StringBuilder();
                while (!head.toString().contains("\r\n\r\n")) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return;
                    }
                    head.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                }
                accepted.incrementAndGet();
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"receiv").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (in.read(buffer) >= 0) {
                    // hold the connection open, answering nothing more, until the client gives up
                }
            } catch (IOException gone) {
                // the client closed it: what a timeout does
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : open) {
                socket.close();
            }
        }
    }
}
