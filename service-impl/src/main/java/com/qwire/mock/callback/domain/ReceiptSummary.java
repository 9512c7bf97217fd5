package com.qwire.mock.callback.domain;

import java.time.Instant;
import java.util.UUID;

/** What GET /v1/check tells about one receipt: the index keeps this much, the log keeps everything. */
public record ReceiptSummary(Instant receivedAt, UUID eventId, String status, int attempt, boolean duplicate,
                             boolean signatureValid) {

    public static ReceiptSummary of(Receipt receipt) {
        return new ReceiptSummary(receipt.receivedAt(), receipt.eventId(), receipt.status(), receipt.attempt(),
                receipt.duplicate(), receipt.signatureValid());
    }
}
