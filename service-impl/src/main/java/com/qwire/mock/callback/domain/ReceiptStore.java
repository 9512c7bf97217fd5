package com.qwire.mock.callback.domain;

import java.util.UUID;

/** The receiver's only store: an append-only record of receipts, queryable by order reference. */
public interface ReceiptStore {

    /**
     * True the first time a verified {@code webhookId} is seen for {@code reference}; atomic, so
     * simultaneous repeats cannot both be first. Ids are remembered as long as their reference is
     * retained by the index.
     */
    boolean firstSighting(UUID reference, String webhookId);

    /** Undoes a sighting whose receipt could not be recorded, so the sender's retry counts as the first. */
    void forget(UUID reference, String webhookId);

    void append(Receipt receipt);

    ReceiptHistory byReference(UUID reference);

    /** Forgets every receipt; what was recorded is kept aside, never rewritten. */
    void reset();
}
