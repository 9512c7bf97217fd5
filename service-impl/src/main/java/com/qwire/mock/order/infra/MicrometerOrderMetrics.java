package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.ApiOperation;
import com.qwire.mock.order.domain.OrderMetrics;
import com.qwire.mock.order.domain.OrderStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The order service's counters in Micrometer. Every label is bounded: scenario names (the built-ins and
 * at most 200 uploads), statuses, operations, HTTP statuses a scenario names.
 */
public final class MicrometerOrderMetrics implements OrderMetrics {
    private final MeterRegistry registry;

    public MicrometerOrderMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void orderCreated(String scenario) {
        Counter.builder("qwire.orders").description("Orders created, by scenario (a replay is not a new order)")
                .tag("scenario", scenario).register(registry).increment();
    }

    @Override
    public void transitioned(OrderStatus from, OrderStatus to, boolean manual) {
        Counter.builder("qwire.order.transitions").description("Order status transitions, by the timeline or by hand")
                .tags("from", from.name(), "to", to.name(), "trigger", manual ? "manual" : "timeline").register(registry).increment();
    }

    @Override
    public void apiFaultFired(ApiOperation operation, int status) {
        Counter.builder("qwire.faults.fired").description("Injected faults that fired (API faults of scenarios, receiver faults)")
                .tags("side", "api", "operation", operation.key(), "action", "fail", "status", Integer.toString(status))
                .register(registry).increment();
    }

    @Override
    public void redeliveryScheduled() {
        Counter.builder("qwire.callback.redeliveries").description("Callbacks scheduled again by hand (POST /v1/admin/callbacks/{eventId}/redeliver)")
                .register(registry).increment();
    }
}
