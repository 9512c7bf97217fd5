package com.qwire.mock.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.RunningPlatform;
import com.qwire.mock.testing.TestPlatform;
import com.qwire.mock.testing.TestReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.Map;

import static com.qwire.mock.testing.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10: the host policy is applied again at send time, to every address a name resolves to. A
 * name that passes at create (it is not on any list) but resolves to a denied block is refused before
 * any connection is made, and dead-lettered at once: no retry could succeed.
 */
class CallbackHostPolicyIT {
    private static final int CALLBACK_PORT = TestPlatform.freePort();

    @RegisterExtension
    static final TestReceiver receiver = TestReceiver.start();

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform(() -> Map.of(
            "QWIRE_CLOCK", "manual",
            "QWIRE_CALLBACK_PORT", Integer.toString(CALLBACK_PORT),
            "QWIRE_CALLBACK_URL", "http://localhost:" + CALLBACK_PORT + "/v1/callback",
            "QWIRE_CALLBACK_DENIED_HOSTS", "127.0.0.0/8, ::1/128"));

    @Test
    void aNameResolvingToADeniedAddressIsRefusedAtSendTimeAndDeadLetteredAtOnce() {
        String url = "http://localhost:" + URI.create(receiver.url()).getPort() + "/hooks";
        var created = Http.postJson("http://127.0.0.1:" + platform.orderPort() + "/v1/order",
                "{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\",\"currency\":\"EUR\",\"callbackUrl\":\"" + url + "\"}");
        assertThat(created.statusCode()).as("a name on no list passes at create").isEqualTo(201);
        String reference = json(created.body()).get("reference").asText();

        var moved = Http.request("POST", "http://127.0.0.1:" + platform.orderPort() + "/v1/admin/clock/advance", "application/json",
                "{\"duration\":\"PT5S\"}");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(json(moved.body()).get("callbackAttempts").asInt()).as("one attempt per event, none retried").isEqualTo(2);

        JsonNode events = json(Http.get("http://127.0.0.1:" + platform.orderPort() + "/v1/admin/callbacks?reference=" + reference).body())
                .get("events");
        assertThat(events).hasSize(2).allSatisfy(event -> {
            assertThat(event.get("status").asText()).isEqualTo("DEAD_LETTER");
            assertThat(event.get("attempts").asInt()).isEqualTo(1);
            assertThat(event.get("attemptLog").get(0).get("errorClass").asText()).isEqualTo("DENIED");
            assertThat(event.get("attemptLog").get(0).get("error").asText()).matches("denied: host localhost \\((127\\.0\\.0\\.1|0:0:0:0:0:0:0:1)\\) is denied \\((127\\.0\\.0\\.0/8|::1/128)\\)");
        });
        assertThat(receiver.receivedFor(reference)).as("no connection was made").isEmpty();
    }
}
