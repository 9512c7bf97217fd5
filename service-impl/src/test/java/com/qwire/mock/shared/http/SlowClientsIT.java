package com.qwire.mock.shared.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: clients that send a body slowly cost a connection, not a worker. Before, eight of them
 * (one per worker) made /health/live and every GET time out, and a stalled body ended after 30 s as a
 * 500. Here five times as many as there are workers hold bodies open on each port, the probes and
 * reads keep answering, and a body that does not arrive within the read timeout gets 408.
 */
class SlowClientsIT {
    private static final int SLOW = 40;

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_HTTP_WORKERS", "8", "QWIRE_HTTP_READ_TIMEOUT_MS", "3000"));

    private static Socket slowBody(int port, String path) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    @Test
    void slowBodiesHoldNoWorkerAndAStalledOneGets408() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW; i++) {
                slow.add(slowBody(platform.orderPort(), "/v1/order"));
                slow.add(slowBody(platform.callbackPort(), "/v1/callback"));
            }
            // Every worker would be taken five times over if bodies were read in them: these still answer.
            assertThat(Http.get("http://127.0.0.1:" + platform.orderPort() + "/health/live").statusCode()).isEqualTo(200);
            assertThat(Http.get("http://127.0.0.1:" + platform.callbackPort() + "/health/live").statusCode()).isEqualTo(200);
            assertThat(Http.get("http://127.0.0.1:" + platform.orderPort() + "/v1/order?reference=" + UUID.randomUUID()).statusCode())
                    .isEqualTo(404);
            assertThat(Http.get("http://127.0.0.1:" + platform.callbackPort() + "/v1/check?reference=" + UUID.randomUUID()).statusCode())
                    .isEqualTo(200);

            String answer = answerOf(slow.get(0));
            assertThat(answer).startsWith("HTTP/1.1 408");
            JsonNode problem = json(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(problem.get("code").asText()).isEqualTo("REQUEST_TIMEOUT");
            assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("body");
            assertThat(answer).containsIgnoringCase("Content-Type: application/problem+json").containsIgnoringCase("X-Trace-Id: ")
                    .containsIgnoringCase("Connection: close");
            assertThat(slow.get(0).getInputStream().read()).as("the server closed the connection, as it said").isEqualTo(-1);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Reads what the server sends until its problem body is complete. */
    private static String answerOf(Socket socket) throws IOException {
        socket.setSoTimeout(15_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            while (!got.toString(StandardCharsets.UTF_8).endsWith("]}")) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // fall through: the assertion shows what came
        }
        return got.toString(StandardCharsets.UTF_8);
    }
}
