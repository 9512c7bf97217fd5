package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;

public class ProductNotOrderableException extends QwireException {
    public ProductNotOrderableException(Product product) {
        super(ErrorCode.PRODUCT_NOT_ORDERABLE, "Product " + product.code() + " is " + product.status() + " and cannot be ordered.");
    }
}
