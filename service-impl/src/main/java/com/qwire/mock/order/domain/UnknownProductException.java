package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;

/** The product addressed by an admin call does not exist (an order naming one is PRODUCT_NOT_FOUND instead). */
public class UnknownProductException extends QwireException {
    public UnknownProductException(String code) {
        super(ErrorCode.UNKNOWN_PRODUCT, "No catalogue product has code " + code + ".");
    }
}
