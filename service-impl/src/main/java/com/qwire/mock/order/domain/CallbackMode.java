package com.qwire.mock.order.domain;

/** What a scenario step does with the callback of its status change. */
public enum CallbackMode {
    /** Deliver it once (at least once: retries as the policy says). */
    SEND,
    /** Write no callback at all: the receiver never hears of this change. */
    SKIP,
    /** Deliver the same event (same id and body) twice, as at-least-once delivery sometimes does. */
    TWICE
}
