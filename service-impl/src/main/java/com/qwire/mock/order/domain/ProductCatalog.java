package com.qwire.mock.order.domain;

import java.util.Optional;
import java.util.function.UnaryOperator;

/** Storage port for the product catalogue. */
public interface ProductCatalog {
    Optional<Product> find(String code);

    /**
     * Loads the product (locked, from the database), applies {@code change} and stores the result, in one
     * transaction. Throws {@link UnknownProductException} for an unknown code.
     */
    Product change(String code, UnaryOperator<Product> change);
}
