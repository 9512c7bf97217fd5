package com.qwire.mock.shared.clock;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;

/** A clock move the clock refuses. */
public final class ClockException extends QwireException {
    public enum Kind { NOT_MANUAL, BACKWARDS }

    public ClockException(Kind kind, String detail) {
        super(kind == Kind.NOT_MANUAL ? ErrorCode.CLOCK_NOT_MANUAL : ErrorCode.CLOCK_BACKWARDS, detail);
    }
}
