package com.qwire.mock.order.domain;

/**
 * What the order service counts (a port: the metrics adapter implements it). Called after the change
 * it counts has been committed, so a rolled-back change is never counted.
 */
public interface OrderMetrics {
    /** Counts nothing: for tests and for a platform with metrics off. */
    OrderMetrics NONE = new OrderMetrics() {
        @Override
        public void orderCreated(String scenario) {
        }

        @Override
        public void transitioned(OrderStatus from, OrderStatus to, boolean manual) {
        }

        @Override
        public void apiFaultFired(ApiOperation operation, int status) {
        }

        @Override
        public void redeliveryScheduled() {
        }
    };

    /** A new order was stored (a replay is not a new order). */
    void orderCreated(String scenario);

    /** An order moved, by its timeline or by hand. */
    void transitioned(OrderStatus from, OrderStatus to, boolean manual);

    /** A scenario's fault answered an API call instead of the service. */
    void apiFaultFired(ApiOperation operation, int status);

    /** A dead-lettered or delivered callback was scheduled for one more attempt by hand. */
    void redeliveryScheduled();
}
