package com.qwire.mock.shared.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;

/**
 * Standard Webhooks signatures: {@code v1,} + Base64 HMAC-SHA256 over {@code id.timestamp.body},
 * computed by the Standard Webhooks reference library. Verification compares in constant time and
 * judges the timestamp by our {@link Clock} (the library's own check reads the system clock).
 */
public final class WebhookSignatures {
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final Webhook webhook;
    private final Clock clock;

    public WebhookSignatures(String secret, Clock clock) {
        try {
            this.webhook = new Webhook(secret);
        } catch (RuntimeException | com.standardwebhooks.exceptions.EmptyWebhookSecretException e) {
            throw new IllegalArgumentException("QWIRE_WEBHOOK_SECRET must be whsec_ followed by Base64", e);
        }
        this.clock = clock;
    }

    public String sign(String webhookId, long timestampSeconds, String body) {
        try {
            return webhook.sign(webhookId, timestampSeconds, body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    public Verdict verify(String webhookId, String timestamp, String signatures, String body) {
        if (webhookId == null || timestamp == null || signatures == null) {
            return Verdict.INVALID;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Verdict.INVALID;
        }
        byte[] expected = sign(webhookId, seconds, body).substring(3).getBytes(StandardCharsets.US_ASCII);
        boolean matches = false;
        for (String candidate : signatures.split(" ")) {
            int comma = candidate.indexOf(',');
            if (comma > 0 && candidate.substring(0, comma).equals("v1")
                    && MessageDigest.isEqual(expected, candidate.substring(comma + 1).getBytes(StandardCharsets.US_ASCII))) {
                matches = true;
            }
        }
        if (!matches) {
            return Verdict.INVALID;
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
        return skew > TOLERANCE.toSeconds() ? Verdict.EXPIRED : Verdict.VALID;
    }

    public enum Verdict { VALID, INVALID, EXPIRED }
}
