package com.qwire.mock.callback.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One callback as it arrived: what was sent, whether it verified, whether it was a repeat, what we
 * answered ({@code responseStatus} 0: the connection was dropped), and the injected fault, if any.
 */
public record Receipt(Instant receivedAt, String traceId, String webhookId, UUID eventId, UUID reference, String status,
                      int attempt, Map<String, String> headers, String body, boolean signatureValid, boolean duplicate,
                      int responseStatus, String fault) {

    /** A receipt that counts as received: verified and not refused by an injected fault. */
    public boolean accepted() {
        return signatureValid && fault == null;
    }
}
