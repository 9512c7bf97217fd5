package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;

public class ProductNotFoundException extends QwireException {
    public ProductNotFoundException(String code) {
        super(ErrorCode.PRODUCT_NOT_FOUND, "Product " + code + " is not in the catalogue.");
    }
}
