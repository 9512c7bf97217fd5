package com.qwire.mock.order.api;

import com.qwire.mock.api.order.AdminApi;
import com.qwire.mock.api.order.model.CallbackJournal;
import com.qwire.mock.api.order.model.DeliveryStatus;
import com.qwire.mock.api.order.model.ManualTransition;
import com.qwire.mock.api.order.model.ProductStatusChange;
import com.qwire.mock.order.domain.CallbackService;
import com.qwire.mock.order.domain.OrderAdmin;
import com.qwire.mock.order.domain.Product;
import com.qwire.mock.order.domain.ProductStatus;
import com.qwire.mock.shared.logging.LogContext;
import jakarta.ws.rs.core.Response;

import java.util.Optional;
import java.util.UUID;

public final class AdminResource implements AdminApi {
    private final CallbackService callbacks;
    private final OrderAdmin admin;

    public AdminResource(CallbackService callbacks, OrderAdmin admin) {
        this.callbacks = callbacks;
        this.admin = admin;
    }

    @Override
    public Response transitionOrder(UUID reference, ManualTransition transition, String traceIdHeader) {
        LogContext.reference(reference);
        return Response.ok(OrderMapper.toDto(admin.transition(reference,
                com.qwire.mock.order.domain.OrderStatus.valueOf(transition.getTo().toString()), transition.getReason()))).build();
    }

    @Override
    public Response resetOrders(String traceIdHeader) {
        OrderAdmin.Reset reset = admin.reset();
        return Response.ok(new com.qwire.mock.api.order.model.ResetResult().orders(reset.orders()).callbacks(reset.callbacks())
                .receiverReset(reset.receiverReset())).build();
    }

    @Override
    public Response setProductStatus(String code, ProductStatusChange change, String traceIdHeader) {
        Product product = admin.setProductStatus(code, ProductStatus.valueOf(change.getStatus().toString()));
        return Response.ok(new com.qwire.mock.api.order.model.Product().code(product.code()).name(product.name())
                .status(com.qwire.mock.api.order.model.ProductStatus.fromValue(product.status().name()))).build();
    }

    @Override
    public Response listCallbacks(String traceIdHeader, UUID reference, DeliveryStatus status) {
        var journal = callbacks.journal(Optional.ofNullable(reference),
                Optional.ofNullable(status).map(s -> com.qwire.mock.order.domain.DeliveryStatus.valueOf(s.name())));
        return Response.ok(new CallbackJournal().events(journal.stream().map(CallbackMapper::delivery).toList())).build();
    }

    @Override
    public Response redeliverCallback(UUID eventId, String traceIdHeader) {
        return Response.accepted(CallbackMapper.delivery(callbacks.redeliver(eventId))).build();
    }
}
