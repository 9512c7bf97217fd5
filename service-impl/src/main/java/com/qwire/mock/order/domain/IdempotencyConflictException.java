package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;

import java.util.UUID;

public class IdempotencyConflictException extends QwireException {
    public IdempotencyConflictException(UUID reference) {
        super(ErrorCode.IDEMPOTENCY_CONFLICT, "Reference " + reference
                + " is already used by an order created from a different request body.");
    }
}
