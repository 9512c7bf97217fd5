package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;

/** A status change the state machine forbids: the caller's 409 by hand, a bug if the timeline ever tries it. */
public class IllegalTransitionException extends QwireException {
    public IllegalTransitionException(String subject, Enum<?> from, Enum<?> to) {
        super(ErrorCode.ILLEGAL_TRANSITION, subject + " cannot move from " + from + " to " + to + ".");
    }
}
