package com.qwire.mock.shared.http;

import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, done-when: 200 slow-body and 200 slow-header connections on each port, held for 20 s the
 * way an attacker holds them — trickling a byte a second, reconnecting whenever the server cuts one —
 * while the probes and reads are measured on both ports. The test asserts that every probe was
 * answered, and that the server did cut the tricklers (bodies and headers each have their read
 * timeout); the latencies go to target/bench/slow-connections.md for bench/results.md, not into an
 * assertion.
 */
class SlowConnectionsIT {
    private static final int SLOW_BODIES = 200;
    private static final int SLOW_HEADERS = 200;
    private static final Duration HOLD = Duration.ofSeconds(20);
    private static final int READ_TIMEOUT_MS = 5000;

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_HTTP_READ_TIMEOUT_MS", Integer.toString(READ_TIMEOUT_MS), "QWIRE_ACCESS_LOG_CONSOLE", "false"));

    /** One trickling client: it opens, sends its start, then a byte per round; reopens when cut. */
    private static final class Trickler {
        final int port;
        final boolean body;
        Socket socket;
        int sent;

        Trickler(int port, boolean body) {
            this.port = port;
            this.body = body;
        }

        void open() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(1);
            String start = body
                    ? "POST /v1/" + (port == platform.orderPort() ? "order" : "callback") + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"
                    : "GET /v1/order?reference=" + UUID.randomUUID() + " HTTP/1.1\r\nHost: localhost\r\n";
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            sent = 0;
        }

        /** Sends one more byte; false when the server had closed the connection (it is then reopened). */
        boolean trickle() throws IOException {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(body ? ' ' : (sent++ % 2 == 0 ? 'X' : '-'));
                out.flush();
                if (closedByServer()) {
                    throw new IOException("closed");
                }
                return true;
            } catch (IOException e) {
                socket.close();
                open();
                return false;
            }
        }

        private boolean closedByServer() throws IOException {
            InputStream in = socket.getInputStream();
            try {
                byte[] answer = new byte[4096];
                int n = in.read(answer);
                return n < 0 || n > 0; // an answer (the 408) or the end: either way the server is done with it
            } catch (java.net.SocketTimeoutException e) {
                return false;
            }
        }
    }

    @Test
    void probesAndReadsKeepAnsweringOnBothPortsWhileSlowClientsHoldConnections() throws Exception {
        List<Trickler> tricklers = new ArrayList<>();
        for (int port : new int[] {platform.orderPort(), platform.callbackPort()}) {
            for (int i = 0; i < SLOW_BODIES; i++) {
                tricklers.add(new Trickler(port, true));
            }
            for (int i = 0; i < SLOW_HEADERS; i++) {
                tricklers.add(new Trickler(port, false));
            }
        }
        for (Trickler t : tricklers) {
            t.open();
        }
        AtomicInteger reopened = new AtomicInteger();
        Instant end = Instant.now().plus(HOLD);
        Thread trickling = new Thread(() -> {
            try {
                while (Instant.now().isBefore(end)) {
                    for (Trickler t : tricklers) {
                        if (!t.trickle()) {
                            reopened.incrementAndGet();
                        }
                    }
                    Thread.sleep(1000); // real time on purpose: this is the slow client, a byte a second
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, "trickler");
        trickling.start();

        String order = "http://127.0.0.1:" + platform.orderPort();
        String callback = "http://127.0.0.1:" + platform.callbackPort();
        Map<String, Integer> probes = Map.of(
                order + "/health/live", 200,
                order + "/v1/order?reference=" + UUID.randomUUID(), 404,
                callback + "/health/live", 200,
                callback + "/v1/check?reference=" + UUID.randomUUID(), 200);
        Map<String, List<Long>> latencies = new java.util.TreeMap<>();
        probes.keySet().forEach(url -> latencies.put(url, new ArrayList<>()));
        while (Instant.now().isBefore(end)) {
            for (Map.Entry<String, Integer> probe : probes.entrySet()) {
                long started = System.nanoTime();
                int status = Http.get(probe.getKey()).statusCode();
                latencies.get(probe.getKey()).add((System.nanoTime() - started) / 1000);
                assertThat(status).as(probe.getKey()).isEqualTo(probe.getValue());
            }
        }
        trickling.join();

        // 800 tricklers for 20 s at a 5 s read timeout: each was cut (and came back) at least twice.
        assertThat(reopened.get()).as("connections the server cut for their read timeout").isGreaterThanOrEqualTo(tricklers.size() * 2);
        for (Trickler t : tricklers) {
            t.socket.close();
        }
        report(latencies, reopened.get());
    }

    private static void report(Map<String, List<Long>> latencies, int reopened) throws IOException {
        StringBuilder b = new StringBuilder("\n### Slow connections (SlowConnectionsIT, ").append(Instant.now()).append(")\n\n")
                .append(SLOW_BODIES).append(" slow-body + ").append(SLOW_HEADERS).append(" slow-header connections on each port (")
                .append(2 * (SLOW_BODIES + SLOW_HEADERS)).append(" in all), a byte a second each, reconnected when cut, for ")
                .append(HOLD.toSeconds()).append(" s; read timeout ").append(READ_TIMEOUT_MS).append(" ms; ").append(reopened)
                .append(" cuts.\n\n| probe | n | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n");
        latencies.forEach((url, micros) -> {
            List<Long> sorted = micros.stream().sorted().toList();
            b.append("| `").append(url.replaceAll("http://127.0.0.1:\\d+", "").replaceAll("=[0-9a-f-]{36}", "=<uuid>"))
                    .append("` (").append(url.contains(":" + platform.orderPort()) ? "order" : "callback").append(" port) | ")
                    .append(sorted.size()).append(" | ")
                    .append(String.format("%.1f | %.1f | %.1f", at(sorted, 0.50), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1000.0))
                    .append(" |\n");
        });
        System.out.println(b);
        Path file = Path.of("target", "bench", "slow-connections.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static double at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1000.0;
    }
}
