package com.qwire.mock.callback.domain;

import java.util.List;
import java.util.UUID;

/** The receiver's only store: an append-only record of receipts, queryable by order reference. */
public interface ReceiptStore {

    /** True the first time a verified {@code webhookId} is seen; atomic, so simultaneous repeats cannot both be first. */
    boolean firstSighting(String webhookId);

    /** Undoes a sighting whose receipt could not be recorded, so the sender's retry counts as the first. */
    void forget(String webhookId);

    void append(Receipt receipt);

    List<Receipt> byReference(UUID reference);

    /** Forgets every receipt; what was recorded is kept aside, never rewritten. */
    void reset();
}
