package com.qwire.mock.callback.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.webhook.WebhookSignatures;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Receipt rules: verify the signature over the raw body (401 otherwise), dedupe by webhook-id
 * (a repeat is acknowledged with 200 and flagged, so the sender stops), record every receipt.
 */
public final class CallbackReceiver {
    private final WebhookSignatures signatures;
    private final ReceiptStore store;
    private final Clock clock;

    public CallbackReceiver(WebhookSignatures signatures, ReceiptStore store, Clock clock) {
        this.signatures = signatures;
        this.store = store;
        this.clock = clock;
    }

    public Receipt receive(Incoming in) {
        WebhookSignatures.Verdict verdict = signatures.verify(in.webhookId(), in.timestamp(), in.signature(), in.body());
        if (verdict != WebhookSignatures.Verdict.VALID) {
            store.append(receipt(in, false, false, 401));
            throw verdict == WebhookSignatures.Verdict.EXPIRED
                    ? new QwireException(ErrorCode.SIGNATURE_EXPIRED, "webhook-timestamp is more than "
                    + WebhookSignatures.TOLERANCE.toSeconds() + " s away from this server's clock.")
                    : new QwireException(ErrorCode.SIGNATURE_INVALID, "webhook-signature does not verify for this body.");
        }
        boolean first = store.firstSighting(in.webhookId());
        Receipt receipt = receipt(in, true, !first, 200);
        try {
            store.append(receipt);
        } catch (RuntimeException e) {
            if (first) {
                store.forget(in.webhookId()); // not recorded: the retry must not be taken for a duplicate
            }
            throw e;
        }
        return receipt;
    }

    public List<Receipt> receiptsFor(UUID reference) {
        return store.byReference(reference);
    }

    private Receipt receipt(Incoming in, boolean valid, boolean duplicate, int status) {
        return new Receipt(clock.instant(), in.traceId(), in.webhookId(), in.eventId(), in.reference(), in.status(),
                in.attempt(), in.headers(), in.body(), valid, duplicate, status);
    }

    public record Incoming(String webhookId, String timestamp, String signature, int attempt, String traceId,
                           UUID eventId, UUID reference, String status, String body, Map<String, String> headers) {
    }
}
