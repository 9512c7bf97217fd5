package com.qwire.mock.order.domain;

/** Where a callback event stands in its delivery. */
public enum DeliveryStatus {
    PENDING, IN_FLIGHT, DELIVERED, DEAD_LETTER
}
