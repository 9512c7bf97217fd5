package com.qwire.mock.shared.webhook;

import com.standardwebhooks.Webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

/**
 * Standard Webhooks signatures: {@code v1,} + Base64 HMAC-SHA256 over {@code id.timestamp.body}.
 * The secret is read by the Standard Webhooks reference library (whsec_ prefix, Base64); signatures are
 * computed here with one keyed HMAC per thread, because the library's {@code sign} formats a string and
 * looks up and keys a new {@code Mac} on every call — 40 % of a callback receipt's own CPU in the issue 8
 * profile. WebhookSignaturesTest holds both to the same output. Verification compares in constant time
 * and judges the timestamp by our {@link Clock} (the library's own check reads the system clock).
 */
public final class WebhookSignatures {
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String HMAC = "HmacSHA256";
    private static final String PREFIX = "whsec_";

    private final ThreadLocal<Mac> macs;
    private final Clock clock;

    public WebhookSignatures(String secret, Clock clock) {
        try {
            new Webhook(secret); // the reference library's reading of the secret: whsec_ prefix optional, Base64, not empty
        } catch (RuntimeException | com.standardwebhooks.exceptions.EmptyWebhookSecretException e) {
            throw new IllegalArgumentException("QWIRE_WEBHOOK_SECRET must be whsec_ followed by Base64", e);
        }
        SecretKeySpec key = new SecretKeySpec(Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret),
                HMAC);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(HMAC);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
            }
        });
        this.clock = clock;
    }

    public String sign(String webhookId, long timestampSeconds, String body) {
        Mac mac = macs.get(); // doFinal leaves it reset, keyed, for the next call on this thread
        mac.update(webhookId.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) '.');
        mac.update(Long.toString(timestampSeconds).getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
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
