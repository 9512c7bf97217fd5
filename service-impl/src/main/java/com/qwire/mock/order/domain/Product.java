package com.qwire.mock.order.domain;

public record Product(String code, String name, ProductStatus status) {
}
