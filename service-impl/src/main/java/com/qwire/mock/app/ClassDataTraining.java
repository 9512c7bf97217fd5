package com.qwire.mock.app;

import com.qwire.mock.shared.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -XX:ArchiveClassesAtExit=<archive> -jar qwire-mock.jar train-class-data}: starts the
 * platform (embedded database in a temporary directory, free ports), creates and reads an order,
 * checks its callbacks and stops, so the JVM writes an application class-data archive of what a
 * start loads. Started with {@code -XX:SharedArchiveFile=<archive>}, the platform is ready in about
 * half the time (scripts/lib.sh builds and uses the archive).
 */
final class ClassDataTraining {
    private ClassDataTraining() {
    }

    static int run() throws Exception {
        Path dir = Files.createTempDirectory("qwire-cds-training");
        try {
            int orderPort = freePort();
            int callbackPort = freePort();
            Config config = Config.from(Map.of(
                    "QWIRE_DATA_DIR", dir.resolve("data").toString(),
                    "QWIRE_LOG_DIR", dir.resolve("logs").toString(),
                    "QWIRE_BIND_HOST", "127.0.0.1",
                    "QWIRE_ORDER_PORT", Integer.toString(orderPort),
                    "QWIRE_CALLBACK_PORT", Integer.toString(callbackPort),
                    "QWIRE_ACCESS_LOG_CONSOLE", "false",
                    "QWIRE_PROCESSING_DELAY_MS", "10",
                    "QWIRE_COMPLETION_DELAY_MS", "10"));
            try (Platform platform = Platform.start(config, Mode.ALL, fatal -> { })) {
                if (!platform.awaitDatabase(Duration.ofSeconds(60))) {
                    System.err.println("train-class-data: the embedded database did not start");
                    return 1;
                }
                HttpClient http = HttpClient.newHttpClient();
                String order = "http://127.0.0.1:" + orderPort;
                send(http, HttpRequest.newBuilder(URI.create(order + "/health/ready")).GET());
                HttpResponse<String> created = send(http, HttpRequest.newBuilder(URI.create(order + "/v1/order"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}")));
                String reference = created.body().replaceAll(".*\"reference\":\"([0-9a-f-]{36})\".*", "$1");
                send(http, HttpRequest.newBuilder(URI.create(order + "/v1/order?reference=" + reference)).GET());
                // Let the lifecycle run once (transitions, the dispatcher, the receiver): until both callbacks are in.
                URI check = URI.create("http://127.0.0.1:" + callbackPort + "/v1/check?reference=" + reference);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!send(http, HttpRequest.newBuilder(check).GET()).body().contains("\"count\":2") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                send(http, HttpRequest.newBuilder(URI.create(order + "/v1/order?reference=not-a-uuid")).GET());
            }
            return 0;
        } finally {
            deleteTree(dir);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
