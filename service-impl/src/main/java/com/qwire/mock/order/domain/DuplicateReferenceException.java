package com.qwire.mock.order.domain;

import java.util.UUID;

/** Raised by {@link OrderRepository#insert} when the unique reference constraint refused the row. */
public class DuplicateReferenceException extends RuntimeException {
    public DuplicateReferenceException(UUID reference, Throwable cause) {
        super("An order with reference " + reference + " already exists", cause);
    }
}
