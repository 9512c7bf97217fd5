package com.qwire.mock.order.api;

import com.qwire.mock.api.order.OrdersApi;
import com.qwire.mock.api.order.model.CreateOrderRequest;
import com.qwire.mock.order.domain.OrderService;
import com.qwire.mock.shared.logging.LogContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.UUID;

public final class OrderResource implements OrdersApi {
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final OrderService orders;
    @Context
    private UriInfo uriInfo;

    public OrderResource(OrderService orders) {
        this.orders = orders;
    }

    @Override
    public Response createOrder(CreateOrderRequest body, String traceIdHeader, String scenarioHeader) {
        if (body.getReference() != null) {
            LogContext.reference(body.getReference());
        }
        OrderService.Creation creation = orders.create(OrderMapper.toNewOrder(body), java.util.Optional.ofNullable(scenarioHeader), LogContext.traceId());
        UUID reference = creation.order().reference();
        LogContext.reference(reference);
        var dto = OrderMapper.toDto(creation.order());
        if (creation.replayed()) {
            return Response.ok(dto).location(location(reference)).header(REPLAYED_HEADER, "true").build();
        }
        return Response.created(location(reference)).entity(dto).build();
    }

    @Override
    public Response getOrder(UUID reference, String traceIdHeader) {
        LogContext.reference(reference);
        return Response.ok(OrderMapper.toDto(orders.details(reference))).build();
    }

    private URI location(UUID reference) {
        // Plain concatenation: a UUID needs no escaping, and UriBuilder showed up in the profile.
        return URI.create(uriInfo.getBaseUri() + "order?reference=" + reference);
    }
}
