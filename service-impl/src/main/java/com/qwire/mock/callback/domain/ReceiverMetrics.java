package com.qwire.mock.callback.domain;

/** What the callback server counts (a port: the metrics adapter implements it). */
public interface ReceiverMetrics {
    /** Counts nothing: for tests and for a platform with metrics off. */
    ReceiverMetrics NONE = new ReceiverMetrics() {
        @Override
        public void received(Outcome outcome) {
        }

        @Override
        public void faultFired(ReceiverFaults.Action action) {
        }
    };

    /** How a callback was received; each is counted once. */
    enum Outcome {
        /** Signed, verified and recorded for the first time. */
        ACCEPTED,
        /** Verified, already seen under this webhook-id: acknowledged and flagged. */
        DUPLICATE,
        /** The signature does not verify for this body. */
        BAD_SIGNATURE,
        /** The signature's timestamp is outside the tolerance. */
        STALE_SIGNATURE,
        /** An injected fault answered (FAIL) or dropped (DROP) it. */
        FAULT,
        /** Refused before anything else: its webhook-id is not its eventId. */
        INVALID
    }

    void received(Outcome outcome);

    /** An injected receiver fault fired (a DELAY too, though the callback is then handled). */
    void faultFired(ReceiverFaults.Action action);
}
