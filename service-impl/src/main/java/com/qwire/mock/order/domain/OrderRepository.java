package com.qwire.mock.order.domain;

import java.util.Optional;
import java.util.UUID;

/** Storage port for orders. */
public interface OrderRepository {

    /** Stores a new order with its history and first due transition (if any); the unique reference decides races. */
    void insert(Order order, Optional<DueTransition> first) throws DuplicateReferenceException;

    Optional<Order> find(UUID reference);

    /** The order with the delivery state of its latest callback, read together: GET /v1/order's one read. */
    Optional<OrderService.Details> findDetails(UUID reference);

    /** How many orders are stored. */
    long count();

    /** Deletes every order with its history, transitions and callbacks, in one transaction. */
    Deleted deleteAll();

    record Deleted(int orders, int callbacks) {
    }
}
