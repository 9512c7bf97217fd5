package com.qwire.mock.order.api;

import com.qwire.mock.api.order.model.AdminSummary;
import com.qwire.mock.api.order.model.CallbackCounts;
import com.qwire.mock.api.order.model.OrderListItem;
import com.qwire.mock.api.order.model.OrderPage;
import com.qwire.mock.api.order.model.OrderStatus;
import com.qwire.mock.api.order.model.PlannedStep;
import com.qwire.mock.order.domain.OrderListing;
import com.qwire.mock.order.domain.OrderQueries;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** The admin lists' domain views to their DTOs. */
final class ListingMapper {
    private ListingMapper() {
    }

    static OrderPage page(OrderListing.Page page) {
        return new OrderPage().orders(page.orders().stream().map(ListingMapper::item).toList())
                .nextCursor(page.next().map(Cursors::of).orElse(null));
    }

    private static OrderListItem item(OrderQueries.Row r) {
        OrderQueries.CallbackCounts c = r.callbacks();
        return new OrderListItem().reference(r.reference()).productCode(r.productCode()).quantity(r.quantity())
                .customerId(r.customerId()).status(OrderStatus.fromValue(r.status().name())).scenario(r.scenario())
                .traceId(r.traceId()).createdAt(r.createdAt().atOffset(ZoneOffset.UTC)).updatedAt(r.updatedAt().atOffset(ZoneOffset.UTC))
                .callbacks(new CallbackCounts().state(CallbackCounts.StateEnum.fromValue(c.state().name())).pending(c.pending())
                        .retrying(c.retrying()).inFlight(c.inFlight()).delivered(c.delivered()).deadLetter(c.deadLetter()))
                .nextStep(r.nextStep().map(s -> new PlannedStep().to(OrderStatus.fromValue(s.to().name())).reason(s.reason())
                        .dueAt(s.dueAt().atOffset(ZoneOffset.UTC))).orElse(null))
                .manualTargets(r.manualTargets().stream().map(s -> OrderStatus.fromValue(s.name())).toList());
    }

    static AdminSummary summary(OrderQueries.Counts counts) {
        Map<String, Long> orders = new LinkedHashMap<>();
        counts.ordersByStatus().forEach((status, n) -> orders.put(status.name(), n));
        Map<String, Long> callbacks = new LinkedHashMap<>();
        counts.callbacksByStatus().forEach((status, n) -> callbacks.put(status.name(), n));
        return new AdminSummary().countedAt(counts.countedAt().atOffset(ZoneOffset.UTC)).orders(counts.orders())
                .ordersByStatus(orders).callbacksByStatus(callbacks);
    }
}
