package com.qwire.mock.app;

import com.qwire.mock.testing.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The class-data archive the run scripts build (scripts/lib.sh): the packaged jar's training run
 * writes one, and a start that insists on using it (-Xshare:on refuses to start otherwise) serves
 * orders. Real processes on the real jar: class-data sharing does not archive classes from directories.
 */
class ClassDataArchiveIT {
    private static final Path JAR = Path.of("target", "qwire-mock.jar");

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int answers(String url) {
        try {
            return Http.get(url).statusCode();
        } catch (RuntimeException notYetListening) {
            return 0;
        }
    }

    @Test
    void theTrainingRunWritesAnArchiveThatAStartUses(@TempDir Path dir) throws Exception {
        assertThat(JAR).as("packaged before the integration tests").exists();
        Path archive = dir.resolve("qwire.jsa");
        Process training = new ProcessBuilder(java(), "-Xmx256m", "-XX:ArchiveClassesAtExit=" + archive, "-jar", JAR.toString(),
                "train-class-data")
                .redirectErrorStream(true).redirectOutput(dir.resolve("training.log").toFile()).start();
        assertThat(training.waitFor(120, TimeUnit.SECONDS)).as("training finished").isTrue();
        assertThat(training.exitValue()).as(Files.readString(dir.resolve("training.log"))).isZero();
        assertThat(Files.size(archive)).as("an archive of the classes a start loads").isGreaterThan(10_000_000L);

        int orderPort = freePort();
        ProcessBuilder start = new ProcessBuilder(java(), "-Xmx256m", "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-jar",
                JAR.toString(), "all")
                .redirectErrorStream(true).redirectOutput(dir.resolve("platform.log").toFile());
        start.environment().putAll(java.util.Map.of("QWIRE_DATA_DIR", dir.resolve("data").toString(),
                "QWIRE_LOG_DIR", dir.resolve("logs").toString(), "QWIRE_ORDER_PORT", Integer.toString(orderPort),
                "QWIRE_CALLBACK_PORT", Integer.toString(freePort()), "QWIRE_BIND_HOST", "127.0.0.1"));
        start.environment().remove("QWIRE_DB_URL");
        Process platform = start.start();
        try {
            String base = "http://127.0.0.1:" + orderPort;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !platform.isAlive() || answers(base + "/health/ready") == 200);
            int ready = answers(base + "/health/ready");
            assertThat(ready).as(Files.readString(dir.resolve("platform.log"))).isEqualTo(200);
            var created = Http.postJson(base + "/v1/order",
                    "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}");
            assertThat(created.statusCode()).isEqualTo(201);
        } finally {
            platform.destroy();
            platform.waitFor(20, TimeUnit.SECONDS);
        }
        assertThat(Files.readAllLines(dir.resolve("platform.log"))).as("no class-data warnings on the console")
                .noneMatch(line -> line.contains("[cds]"));
    }
}
