package com.qwire.mock.order.domain;

/** Product availability; the allowed moves are in {@link #MACHINE} and in specs/product-state-machine.yaml. */
public enum ProductStatus {
    ACTIVE, OUT_OF_STOCK, DISCONTINUED;

    public static final TransitionTable<ProductStatus> MACHINE = TransitionTable.of(ProductStatus.class)
            .allow(ACTIVE, OUT_OF_STOCK, DISCONTINUED)
            .allow(OUT_OF_STOCK, ACTIVE, DISCONTINUED)
            .build();

    public boolean isOrderable() {
        return this != DISCONTINUED;
    }
}
