package com.qwire.mock.app;

import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.ServiceProcess;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as a real process: both route groups on their own ports, a banner, and a graceful SIGTERM. */
class LauncherProcessIT {

    @Test
    void allModeServesBothPortsAndStopsGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        int orderPort = TestPlatform.freePort();
        int callbackPort = TestPlatform.freePort();
        Path output = dir.resolve("launcher.out");
        try (ServiceProcess service = ServiceProcess.start("all", Map.of(
                "QWIRE_DB_URL", TestDatabase.url(),
                "QWIRE_ORDER_PORT", Integer.toString(orderPort),
                "QWIRE_CALLBACK_PORT", Integer.toString(callbackPort),
                "QWIRE_LOG_DIR", dir.resolve("logs").toString(),
                "QWIRE_ACCESS_LOG_CONSOLE", "false"), output)) {
            service.awaitReady("http://127.0.0.1:" + orderPort + "/health/ready");
            assertThat(Http.get("http://127.0.0.1:" + callbackPort + "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> created = Http.postJson("http://127.0.0.1:" + orderPort + "/v1/order",
                    "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"5.00\",\"currency\":\"EUR\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(service.output())
                    .contains("order service    http://localhost:" + orderPort + "/v1/order")
                    .contains("callback server  http://localhost:" + callbackPort + "/v1")
                    .contains("stop             Ctrl+C, or: kill " + service.pid());

            service.process().destroy(); // SIGTERM
            assertThat(service.process().waitFor(20, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
            assertThat(service.process().exitValue()).isEqualTo(143);
            assertThat(service.output()).contains("Shutting down").contains("Stopped.");
            assertThat(Files.readString(dir.resolve("logs").resolve("access.log"))).contains("\"status\":201");
        }
    }
}
