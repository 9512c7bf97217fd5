package com.qwire.mock.callback.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The receipts of one reference still held by the bounded index, oldest first. {@code omitted}
 * counts this reference's older receipts dropped by the per-reference cap; {@code retainedSince} is
 * set once whole references have been let go to stay within the total cap: a reference whose
 * receipts all came before it may have had receipts that are no longer listed.
 */
public record ReceiptHistory(List<ReceiptSummary> receipts, int omitted, Optional<Instant> retainedSince) {

    /** True when at least one listed callback verified (a faulted one is never listed). */
    public boolean received() {
        return receipts.stream().anyMatch(ReceiptSummary::signatureValid);
    }
}
