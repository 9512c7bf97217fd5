package com.qwire.mock.app;

import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as a real process: both route groups on their own ports, a banner, and a graceful SIGTERM. */
class LauncherProcessIT {

    @Test
    void allModeServesBothPortsAndStopsGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        int orderPort = freePort();
        int callbackPort = freePort();
        Path output = dir.resolve("launcher.out");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Launcher.class.getName(), "all")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("QWIRE_DB_URL", TestDatabase.url());
        builder.environment().put("QWIRE_ORDER_PORT", Integer.toString(orderPort));
        builder.environment().put("QWIRE_CALLBACK_PORT", Integer.toString(callbackPort));
        builder.environment().put("QWIRE_LOG_DIR", dir.resolve("logs").toString());
        builder.environment().put("QWIRE_ACCESS_LOG_CONSOLE", "false");
        Process process = builder.start();
        try {
            awaitReady("http://127.0.0.1:" + orderPort + "/health/ready", process, output);
            assertThat(Http.get("http://127.0.0.1:" + callbackPort + "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> created = Http.postJson("http://127.0.0.1:" + orderPort + "/v1/order",
                    "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"5.00\",\"currency\":\"EUR\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(Files.readString(output))
                    .contains("order service    http://localhost:" + orderPort + "/v1/order")
                    .contains("callback server  http://localhost:" + callbackPort + "/v1")
                    .contains("stop             Ctrl+C, or: kill " + process.pid());

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
            assertThat(process.exitValue()).isEqualTo(143);
            assertThat(Files.readString(output)).contains("Shutting down").contains("Stopped.");
            assertThat(Files.readString(dir.resolve("logs").resolve("access.log"))).contains("\"status\":201");
        } finally {
            process.destroyForcibly();
        }
    }

    private static void awaitReady(String url, Process process, Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("launcher exited early:\n" + Files.readString(output)).isTrue();
            try {
                if (Http.get(url).statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYetListening) {
                // keep polling
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not ready within 60 s:\n" + Files.readString(output));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
