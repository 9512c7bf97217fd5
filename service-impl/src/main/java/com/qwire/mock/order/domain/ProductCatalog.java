package com.qwire.mock.order.domain;

import java.util.Optional;

/** Storage port for the product catalogue. */
public interface ProductCatalog {
    Optional<Product> find(String code);
}
