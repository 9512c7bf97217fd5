package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;

import java.util.UUID;

public class OrderNotFoundException extends QwireException {
    public OrderNotFoundException(UUID reference) {
        super(ErrorCode.ORDER_NOT_FOUND, "No order has reference " + reference + ".");
    }
}
