package com.qwire.mock.order.domain;

import java.util.Optional;
import java.util.UUID;

/** Storage port for orders. */
public interface OrderRepository {

    /** Stores a new order with its history; the database's unique reference decides races. */
    void insert(Order order) throws DuplicateReferenceException;

    Optional<Order> find(UUID reference);
}
