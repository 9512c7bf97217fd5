package com.qwire.mock.shared.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10: a target with a malformed percent-escape was an empty 500 (no body, no trace id, no
 * access-log line), failed by Grizzly and Jersey before any of our code. Now it is a documented 400.
 */
class MalformedTargetIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform();

    private record Answer(int status, String head, String body) {
        String header(String name) {
            return head.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse(null);
        }
    }

    /** Raw, since HTTP clients refuse to send such a target. */
    private static Answer get(int port, String target, String extraHeader) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeader + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, split), text.substring(split + 4));
        }
    }

    @ParameterizedTest
    @CsvSource({
            "order,    /health/live?x=%zz,                  query, /health/live",
            "order,    /v1/admin/scenarios/..%2F..%zz,      path,  /v1/admin/scenarios/..%2F..%zz",
            "order,    /v1/order%zz?reference=x,            path,  /v1/order%zz",
            "callback, /v1/check?reference=%zz,             query, /v1/check"})
    void aMalformedPercentEscapeIsA400Problem(String service, String target, String where, String instance) throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger("qwire.access");
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        access.addAppender(seen);
        try {
            Answer answer = get(service.equals("order") ? platform.orderPort() : platform.callbackPort(), target, "");
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            JsonNode problem = json(answer.body());
            assertThat(problem.get("code").asText()).isEqualTo("INVALID_PARAMETER");
            assertThat(problem.get("instance").asText()).isEqualTo(instance);
            assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo(where);
            assertThat(problem.get("traceId").asText()).isEqualTo(answer.header("X-Trace-Id")).isNotBlank();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                synchronized (seen) {
                    return List.copyOf(seen.list).stream().anyMatch(e -> e.getFormattedMessage().startsWith("GET " + target + " 400"));
                }
            });
        } finally {
            access.detachAppender(seen);
        }
    }

    @Test
    void aClientsOwnHandOverHeaderChangesNothing() throws Exception {
        Answer answer = get(platform.orderPort(), "/health/live", "X-Qwire-Malformed-Target: path /x\r\n");
        assertThat(answer.status()).isEqualTo(200);
    }
}
