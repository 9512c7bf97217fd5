package com.qwire.mock.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A callback receiver on loopback that the test scripts: per request it answers what {@code script}
 * says (status, delay, Retry-After) and records what arrived (headers, raw body, time).
 */
public final class TestReceiver implements AutoCloseable, AfterAllCallback {
    private final HttpServer server;
    private final ConcurrentLinkedDeque<Received> received = new ConcurrentLinkedDeque<>();
    private volatile Function<Received, Answer> script = r -> Answer.ok();

    public TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/", this::handle);
        server.start();
    }

    /** For {@code @RegisterExtension static final TestReceiver receiver = TestReceiver.start();} — closed after the class. */
    public static TestReceiver start() {
        try {
            return new TestReceiver();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public void script(Function<Received, Answer> script) {
        this.script = script;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Received> receivedFor(String reference) {
        return received().stream().filter(r -> r.body().contains(reference)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long nanos = System.nanoTime();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received r = new Received(nanos, headers, body);
        received.add(r);
        Answer answer = script.apply(r);
        try {
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis());
            }
            if (answer.retryAfterSeconds() != null) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(answer.retryAfterSeconds()));
            }
            byte[] out = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // the sender timed out and closed the connection: expected in timeout tests
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One arrival; {@code nanos} from System.nanoTime for measuring gaps. */
    public record Received(long nanos, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name);
        }

        public int attempt() {
            return Integer.parseInt(headers.get("X-Callback-Attempt"));
        }
    }

    public record Answer(int status, Duration delay, Integer retryAfterSeconds) {
        public static Answer ok() {
            return new Answer(200, Duration.ZERO, null);
        }

        public static Answer status(int status) {
            return new Answer(status, Duration.ZERO, null);
        }

        public static Answer slow(Duration delay) {
            return new Answer(200, delay, null);
        }
    }
}
