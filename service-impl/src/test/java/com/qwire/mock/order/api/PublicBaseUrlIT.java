package com.qwire.mock.order.api;

import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10: with QWIRE_PUBLIC_BASE_URL set, a created order's Location comes from it, not from the client's Host header. */
class PublicBaseUrlIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of("QWIRE_PUBLIC_BASE_URL", "https://mock.example.com/"));

    @Test
    void locationUsesTheConfiguredBaseWhateverTheHostHeaderSays() throws Exception {
        assertThat(locationOfACreateThrough(platform.orderPort(), "evil.example:666"))
                .matches("(?i)Location: https://mock\\.example\\.com/v1/order\\?reference=[0-9a-f-]{36}");
    }

    /** The Location line of the 201 to a create sent with this Host header. */
    static String locationOfACreateThrough(int port, String host) throws Exception {
        String body = "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"1.00\",\"currency\":\"EUR\"}";
        String answer;
        // A raw request: HTTP clients will not send a Host header naming another server.
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/order HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(answer).startsWith("HTTP/1.1 201");
        return answer.lines().filter(l -> l.regionMatches(true, 0, "Location:", 0, 9)).findFirst().orElseThrow();
    }
}
