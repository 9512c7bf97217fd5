package com.qwire.mock.order.domain;

import java.util.UUID;

/** A status change the state machine forbids; a programming or scripting error, never a caller's. */
public class IllegalTransitionException extends IllegalStateException {
    public IllegalTransitionException(UUID reference, OrderStatus from, OrderStatus to) {
        super("Order " + reference + " cannot move from " + from + " to " + to);
    }
}
