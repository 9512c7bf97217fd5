package com.qwire.mock.shared.webhook;

import com.qwire.mock.shared.config.Config;
import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignaturesTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final WebhookSignatures signatures = new WebhookSignatures(Config.DEFAULT_WEBHOOK_SECRET, Clock.fixed(NOW, ZoneOffset.UTC));
    private final long now = NOW.getEpochSecond();

    @Test
    void ourSignatureVerifiesWithTheStandardWebhooksLibrary() throws Exception {
        long realNow = Instant.now().getEpochSecond();
        String signature = signatures.sign("msg_1", realNow, "{\"a\":1}");
        assertThat(signature).startsWith("v1,");
        new Webhook(Config.DEFAULT_WEBHOOK_SECRET).verify("{\"a\":1}", Map.of("webhook-id", List.of("msg_1"),
                "webhook-timestamp", List.of(Long.toString(realNow)), "webhook-signature", List.of(signature)));
    }

    @Test
    void signaturesAreTheReferenceLibrarysForAnyIdTimestampAndBody() throws Exception {
        Webhook reference = new Webhook(Config.DEFAULT_WEBHOOK_SECRET);
        java.util.Random random = new java.util.Random(8);
        String alphabet = "abcXYZ019 {}\":,.-_é中文€\n\t\u00e9";
        for (int i = 0; i < 500; i++) {
            StringBuilder body = new StringBuilder();
            for (int n = random.nextInt(2000); n > 0; n--) {
                body.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String id = java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) i}).toString();
            long timestamp = 1_700_000_000L + random.nextInt(100_000_000);
            // Same thread again and again: the cached HMAC must come back reset each time.
            assertThat(signatures.sign(id, timestamp, body.toString())).isEqualTo(reference.sign(id, timestamp, body.toString()));
        }
        // and on another thread, with its own HMAC
        String[] other = new String[1];
        Thread t = new Thread(() -> other[0] = signatures.sign("msg_2", now, "{\"b\":\"€\"}"));
        t.start();
        t.join();
        assertThat(other[0]).isEqualTo(reference.sign("msg_2", now, "{\"b\":\"€\"}"));
    }

    @Test
    void verifiesOnlyTheExactIdTimestampAndBody() {
        String signature = signatures.sign("msg_1", now, "{\"a\":1}");
        assertThat(signatures.verify("msg_1", Long.toString(now), signature, "{\"a\":1}")).isEqualTo(WebhookSignatures.Verdict.VALID);
        assertThat(signatures.verify("msg_1", Long.toString(now), signature, "{\"a\":2}")).isEqualTo(WebhookSignatures.Verdict.INVALID);
        assertThat(signatures.verify("msg_2", Long.toString(now), signature, "{\"a\":1}")).isEqualTo(WebhookSignatures.Verdict.INVALID);
        assertThat(signatures.verify("msg_1", Long.toString(now + 1), signature, "{\"a\":1}")).isEqualTo(WebhookSignatures.Verdict.INVALID);
        assertThat(signatures.verify("msg_1", "not-a-number", signature, "{\"a\":1}")).isEqualTo(WebhookSignatures.Verdict.INVALID);
        assertThat(signatures.verify("msg_1", Long.toString(now), null, "{\"a\":1}")).isEqualTo(WebhookSignatures.Verdict.INVALID);
    }

    @Test
    void anyOfSeveralSpaceSeparatedSignaturesMayMatch() {
        String signature = signatures.sign("msg_1", now, "body");
        assertThat(signatures.verify("msg_1", Long.toString(now), "v1,AAAA v2,BBBB " + signature, "body"))
                .isEqualTo(WebhookSignatures.Verdict.VALID);
    }

    @Test
    void timestampsOutsideFiveMinutesEitherWayAreExpired() {
        for (long skew : new long[] {-301, 301}) {
            String signature = signatures.sign("m", now + skew, "b");
            assertThat(signatures.verify("m", Long.toString(now + skew), signature, "b")).isEqualTo(WebhookSignatures.Verdict.EXPIRED);
        }
        for (long skew : new long[] {-300, 300}) {
            String signature = signatures.sign("m", now + skew, "b");
            assertThat(signatures.verify("m", Long.toString(now + skew), signature, "b")).isEqualTo(WebhookSignatures.Verdict.VALID);
        }
    }

    @Test
    void aSecretThatIsNotBase64IsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new WebhookSignatures("whsec_***not base64***", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QWIRE_WEBHOOK_SECRET");
    }
}
