package com.qwire.mock.callback.domain;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** One callback as it arrived: what was sent, whether it verified, whether it was a repeat, what we answered. */
public record Receipt(Instant receivedAt, String traceId, String webhookId, UUID eventId, UUID reference, String status,
                      int attempt, Map<String, String> headers, String body, boolean signatureValid, boolean duplicate,
                      int responseStatus) {
}
