package com.qwire.mock.order.api;

import com.qwire.mock.api.callback.model.OrderSnapshot;
import com.qwire.mock.api.order.model.CreateOrderRequest;
import com.qwire.mock.api.order.model.OrderStatus;
import com.qwire.mock.api.order.model.StatusChange;
import com.qwire.mock.order.domain.NewOrder;
import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderService;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Generated DTOs to domain and back; nothing else. */
final class OrderMapper {
    private OrderMapper() {
    }

    static NewOrder toNewOrder(CreateOrderRequest r) {
        return new NewOrder(r.getReference(), r.getProductCode(), r.getQuantity(), new BigDecimal(r.getAmount()),
                r.getCurrency(), r.getCustomerId(), r.getCallbackUrl(), r.getScenario(), r.getMetadata());
    }

    /** The order as GET /v1/order answers it: with the delivery state of its latest callback, if any. */
    static com.qwire.mock.api.order.model.Order toDto(OrderService.Details details) {
        com.qwire.mock.api.order.model.Order dto = toDto(details.order());
        details.latestCallback().ifPresent(latest -> dto.setCallback(CallbackMapper.summary(latest)));
        return dto;
    }

    static com.qwire.mock.api.order.model.Order toDto(Order o) {
        com.qwire.mock.api.order.model.Order dto = new com.qwire.mock.api.order.model.Order()
                .reference(o.reference())
                .productCode(o.productCode())
                .quantity(o.quantity())
                .amount(o.amount().setScale(2, RoundingMode.UNNECESSARY).toPlainString())
                .currency(o.currency())
                .customerId(o.customerId())
                .status(status(o.status()))
                .scenario(o.scenario())
                .callbackUrl(java.net.URI.create(o.callbackUrl()))
                .createdAt(utc(o.createdAt()))
                .updatedAt(utc(o.updatedAt()))
                .history(o.history().stream().map(OrderMapper::toDto).toList());
        dto.setMetadata(o.metadata().isEmpty() ? null : o.metadata());
        return dto;
    }

    /**
     * The order as a callback carries it: the same fields as {@link #toDto(Order)} without the delivery
     * state, mapped directly (this runs for every callback). An empty metadata is sent as {}.
     */
    static OrderSnapshot toSnapshot(Order o) {
        OrderSnapshot snapshot = new OrderSnapshot()
                .reference(o.reference())
                .productCode(o.productCode())
                .quantity(o.quantity())
                .amount(o.amount().setScale(2, RoundingMode.UNNECESSARY).toPlainString())
                .currency(o.currency())
                .customerId(o.customerId())
                .status(com.qwire.mock.api.callback.model.OrderStatus.fromValue(o.status().name()))
                .scenario(o.scenario())
                .callbackUrl(java.net.URI.create(o.callbackUrl()))
                .createdAt(utc(o.createdAt()))
                .updatedAt(utc(o.updatedAt()))
                .history(o.history().stream().map(OrderMapper::toSnapshot).toList());
        if (!o.metadata().isEmpty()) {
            snapshot.setMetadata(o.metadata());
        }
        return snapshot;
    }

    private static com.qwire.mock.api.callback.model.StatusChange toSnapshot(com.qwire.mock.order.domain.StatusChange c) {
        return new com.qwire.mock.api.callback.model.StatusChange()
                .from(c.from() == null ? null : com.qwire.mock.api.callback.model.OrderStatus.fromValue(c.from().name()))
                .to(com.qwire.mock.api.callback.model.OrderStatus.fromValue(c.to().name()))
                .at(utc(c.at()))
                .reason(c.reason());
    }

    private static StatusChange toDto(com.qwire.mock.order.domain.StatusChange c) {
        return new StatusChange()
                .from(c.from() == null ? null : status(c.from()))
                .to(status(c.to()))
                .at(utc(c.at()))
                .reason(c.reason());
    }

    private static OrderStatus status(com.qwire.mock.order.domain.OrderStatus s) {
        return OrderStatus.fromValue(s.name());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
