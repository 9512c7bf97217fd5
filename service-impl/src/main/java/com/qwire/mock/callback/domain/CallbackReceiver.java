package com.qwire.mock.callback.domain;

import com.qwire.mock.shared.delay.ResponseDelay;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.webhook.WebhookSignatures;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Receipt rules: verify the signature over the raw body (401 otherwise), dedupe by webhook-id
 * (a repeat is acknowledged with 200 and flagged, so the sender stops), record every receipt.
 */
public final class CallbackReceiver {
    private final WebhookSignatures signatures;
    private final ReceiptStore store;
    private final ReceiverFaults faults;
    private final Clock clock;
    private final ReceiverMetrics metrics;
    private final ResponseDelay delay;

    public CallbackReceiver(WebhookSignatures signatures, ReceiptStore store, ReceiverFaults faults, Clock clock) {
        this(signatures, store, faults, clock, ReceiverMetrics.NONE, ResponseDelay.SLEEP);
    }

    public CallbackReceiver(WebhookSignatures signatures, ReceiptStore store, ReceiverFaults faults, Clock clock, ReceiverMetrics metrics,
                            ResponseDelay delay) {
        this.metrics = metrics;
        this.delay = delay;
        this.signatures = signatures;
        this.store = store;
        this.faults = faults;
        this.clock = clock;
    }

    /**
     * A callback whose {@code webhook-id} is not its {@code eventId} is refused (400) before anything else,
     * unrecorded, like any malformed request. Then an injected fault comes first: FAIL and DROP are recorded and reported to the caller (which
     * answers or drops accordingly); DELAY handles the callback as usual and holds its answer back ({@link ResponseDelay}): the
     * receipt is recorded at once, as by a receiver that does the work and is slow to say so.
     */
    public Result receive(Incoming in) {
        if (!in.webhookId().equalsIgnoreCase(in.eventId().toString())) {
            // Dedupe is by webhook-id: one that differs from the event would let a sender replay an event as new.
            metrics.received(ReceiverMetrics.Outcome.INVALID);
            throw new QwireException(ErrorCode.VALIDATION_FAILED, "webhook-id must be the body's eventId.",
                    List.of(new FieldViolation("webhook-id", "must equal the body's eventId (" + in.eventId() + ")")));
        }
        Optional<ReceiverFaults.Fault> fault = faults.take(in.reference());
        if (fault.isPresent()) {
            ReceiverFaults.Rule rule = fault.get().rule();
            metrics.faultFired(rule.action());
            if (rule.action() == ReceiverFaults.Action.DELAY) {
                delay.hold(Duration.ofMillis(rule.delayMs())); // real time: a slow receiver on the network
            } else {
                boolean valid = signatures.verify(in.webhookId(), in.timestamp(), in.signature(), in.body()) == WebhookSignatures.Verdict.VALID;
                int status = rule.action() == ReceiverFaults.Action.FAIL ? rule.status() : 0;
                store.append(receipt(in, valid, false, status, fault.get().describe()));
                metrics.received(ReceiverMetrics.Outcome.FAULT);
                return new Result(null, fault.get());
            }
        }
        return new Result(accept(in), null);
    }

    private Receipt accept(Incoming in) {
        WebhookSignatures.Verdict verdict = signatures.verify(in.webhookId(), in.timestamp(), in.signature(), in.body());
        if (verdict != WebhookSignatures.Verdict.VALID) {
            store.append(receipt(in, false, false, 401, null));
            metrics.received(verdict == WebhookSignatures.Verdict.EXPIRED ? ReceiverMetrics.Outcome.STALE_SIGNATURE
                    : ReceiverMetrics.Outcome.BAD_SIGNATURE);
            throw verdict == WebhookSignatures.Verdict.EXPIRED
                    ? new QwireException(ErrorCode.SIGNATURE_EXPIRED, "webhook-timestamp is more than "
                    + WebhookSignatures.TOLERANCE.toSeconds() + " s away from this server's clock.")
                    : new QwireException(ErrorCode.SIGNATURE_INVALID, "webhook-signature does not verify for this body.");
        }
        boolean first = store.firstSighting(in.reference(), dedupeKey(in.webhookId()));
        Receipt receipt = receipt(in, true, !first, 200, null);
        try {
            store.append(receipt);
        } catch (RuntimeException e) {
            if (first) {
                store.forget(in.reference(), dedupeKey(in.webhookId())); // not recorded: the retry must not be taken for a duplicate
            }
            throw e;
        }
        metrics.received(first ? ReceiverMetrics.Outcome.ACCEPTED : ReceiverMetrics.Outcome.DUPLICATE);
        return receipt;
    }

    /** Receipts are deduped by webhook-id, which is the event id: a UUID, whatever the case of its hex digits. */
    public static String dedupeKey(String webhookId) {
        return webhookId.toLowerCase(java.util.Locale.ROOT);
    }

    /** Test isolation: forgets every receipt and every active fault. */
    public void reset() {
        store.reset();
        faults.clear();
    }

    public ReceiptHistory receiptsFor(UUID reference) {
        return store.byReference(reference);
    }

    private Receipt receipt(Incoming in, boolean valid, boolean duplicate, int status, String fault) {
        return new Receipt(clock.instant(), in.traceId(), in.webhookId(), in.eventId(), in.reference(), in.status(),
                in.attempt(), in.headers(), in.body(), valid, duplicate, status, fault);
    }

    /** Either a handled callback ({@code receipt}) or an injected FAIL/DROP ({@code fault}). */
    public record Result(Receipt receipt, ReceiverFaults.Fault fault) {
    }

    public record Incoming(String webhookId, String timestamp, String signature, int attempt, String traceId,
                           UUID eventId, UUID reference, String status, String body, Map<String, String> headers) {
    }
}
