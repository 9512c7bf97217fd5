package com.qwire.mock.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: the journal says why an attempt failed as a class and a short message of the platform's —
 * never the network library's text — for each way a real target can fail.
 */
class AttemptErrorClassesIT {
    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of("QWIRE_CLOCK", "manual",
            "QWIRE_CALLBACK_MAX_ATTEMPTS", "1"));

    /** Accepts each connection and resets it at once: no answer at all. */
    private static ServerSocket hangUp;
    /** Answers each connection with plain HTTP at once, whatever it sent: what a TLS client meets at a plain HTTP port. */
    private static ServerSocket plainHttp;

    @BeforeAll
    static void startServers() throws IOException {
        hangUp = serve(s -> s.setSoLinger(true, 0));
        plainHttp = serve(s -> s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes()));
    }

    private interface OnAccept {
        void handle(Socket socket) throws IOException;
    }

    private static ServerSocket serve(OnAccept onAccept) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread loop = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    onAccept.handle(s);
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                }
            }
        }, "test-server-" + server.getLocalPort());
        loop.setDaemon(true);
        loop.start();
        return server;
    }

    @AfterAll
    static void stopServers() throws IOException {
        hangUp.close();
        plainHttp.close();
    }

    @Test
    void eachWayATargetFailsHasItsClassAndAShortMessage() {
        receiver.script(r -> TestReceiver.Answer.status(503));
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("HTTP_STATUS", receiver.url());
        urls.put("CONNECTION_REFUSED", "http://127.0.0.1:" + TestPlatform.freePort() + "/hooks");
        urls.put("DNS", "http://qwire-no-such-host.invalid/hooks");
        urls.put("TLS", "https://127.0.0.1:" + plainHttp.getLocalPort() + "/hooks");
        urls.put("CONNECTION_ERROR", "http://127.0.0.1:" + hangUp.getLocalPort() + "/hooks");
        Map<String, String> references = new LinkedHashMap<>();
        urls.forEach((kind, url) -> {
            var created = Http.postJson("http://127.0.0.1:" + platform.orderPort() + "/v1/order",
                    "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\",\"callbackUrl\":\"" + url + "\"}");
            assertThat(created.statusCode()).as(kind).isEqualTo(201);
            references.put(kind, json(created.body()).get("reference").asText());
        });

        var moved = Http.request("POST", "http://127.0.0.1:" + platform.orderPort() + "/v1/admin/clock/advance", "application/json",
                "{\"duration\":\"PT5S\"}");
        assertThat(moved.statusCode()).isEqualTo(200);

        Map<String, String> expectedMessage = Map.of(
                "HTTP_STATUS", "HTTP 503",
                "CONNECTION_REFUSED", "connection refused",
                "DNS", "host name not resolved",
                "TLS", "TLS handshake failed",
                "CONNECTION_ERROR", "connection closed without a complete answer");
        references.forEach((kind, reference) -> {
            JsonNode events = json(Http.get("http://127.0.0.1:" + platform.orderPort() + "/v1/admin/callbacks?reference=" + reference)
                    .body()).get("events");
            assertThat(events).as(kind).hasSize(2).allSatisfy(event -> {
                assertThat(event.get("status").asText()).isEqualTo("DEAD_LETTER");
                JsonNode attempt = event.get("attemptLog").get(0);
                assertThat(attempt.get("errorClass").asText()).as(kind).isEqualTo(kind);
                assertThat(attempt.get("error").asText()).as(kind).isEqualTo(expectedMessage.get(kind));
            });
        });
    }
}
