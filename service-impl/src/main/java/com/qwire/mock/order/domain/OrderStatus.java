package com.qwire.mock.order.domain;

/** Order lifecycle; the allowed moves are in {@link #MACHINE} and in specs/order-state-machine.yaml. */
public enum OrderStatus {
    CREATED, PROCESSING, COMPLETED, FAILED, REJECTED, CANCELLED;

    public static final TransitionTable<OrderStatus> MACHINE = TransitionTable.of(OrderStatus.class)
            .allow(CREATED, PROCESSING, REJECTED, CANCELLED, FAILED)
            .allow(PROCESSING, COMPLETED, FAILED, CANCELLED)
            .build();
}
