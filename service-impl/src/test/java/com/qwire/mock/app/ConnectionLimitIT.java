package com.qwire.mock.app;

import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, every resource bounded: open connections per port (QWIRE_HTTP_MAX_CONNECTIONS). Idle
 * connections up to the limit are held; one more is closed at once; once some go, new ones are served.
 */
class ConnectionLimitIT {
    private static final int LIMIT = 40;

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of("QWIRE_HTTP_MAX_CONNECTIONS", Integer.toString(LIMIT)));

    /** One request on a connection of its own; the status line, or null when the server closed it unanswered. */
    private static String probe(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readNBytes(12);
            return answer.length == 0 ? null : new String(answer, StandardCharsets.US_ASCII);
        } catch (java.net.SocketException e) {
            return null; // reset: closed unanswered
        }
    }

    @Test
    void aConnectionBeyondTheLimitIsClosedAtOnceAndTheServiceRecoversWhenOthersGo() throws Exception {
        int port = platform.orderPort();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> probe(port) == null);
            assertThat(probe(port)).as("one connection more than the limit: closed unanswered").isNull();
            assertThat(Http.get("http://127.0.0.1:" + platform.callbackPort() + "/health/live").statusCode())
                    .as("the other port has its own limit").isEqualTo(200);

            for (int i = 0; i < 5; i++) {
                idle.remove(0).close();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> "HTTP/1.1 200".equals(probe(port)));
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "HTTP/1.1 200".equals(probe(port)));
    }
}
