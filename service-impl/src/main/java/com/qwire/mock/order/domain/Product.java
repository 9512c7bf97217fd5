package com.qwire.mock.order.domain;

public record Product(String code, String name, ProductStatus status) {

    /** The same product in {@code target}, or {@link IllegalTransitionException} when the state machine forbids it. */
    public Product changeTo(ProductStatus target) {
        if (!ProductStatus.MACHINE.allows(status, target)) {
            throw new IllegalTransitionException("Product " + code, status, target);
        }
        return new Product(code, name, target);
    }
}
