package com.qwire.mock.order.infra;

import java.util.List;

/** Every entity of the order service's schema, named once for whoever builds the Database. */
public final class OrderPersistence {
    public static final List<Class<?>> ENTITIES = List.of(OrderEntity.class, ProductEntity.class, DueTransitionEntity.class,
            OutboxEntity.class, AttemptEntity.class);

    private OrderPersistence() {
    }
}
