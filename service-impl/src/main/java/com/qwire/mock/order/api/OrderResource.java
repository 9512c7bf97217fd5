package com.qwire.mock.order.api;

import com.qwire.mock.api.order.OrdersApi;
import com.qwire.mock.api.order.model.CreateOrderRequest;
import com.qwire.mock.order.domain.OrderService;
import com.qwire.mock.shared.logging.LogContext;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;

public final class OrderResource implements OrdersApi {
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final OrderService orders;
    private final java.util.Optional<String> publicBase;

    /** {@code publicBaseUrl}: where clients reach the platform (QWIRE_PUBLIC_BASE_URL); else the request's own base. */
    public OrderResource(OrderService orders, java.util.Optional<String> publicBaseUrl) {
        this.orders = orders;
        this.publicBase = publicBaseUrl.map(base -> base + "/v1/");
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
        // Plain concatenation: a UUID needs no escaping, and UriBuilder showed up in the profile. Without a
        // configured public base the URI is relative, and Jersey resolves it against the request's own base
        // (which a client may set through its Host header) as it writes the header: the same absolute URI as
        // asking an injected UriInfo, whose per-request proxy lookup was 1.9 % of a parked POST's CPU.
        return URI.create(publicBase.orElse("") + "order?reference=" + reference);
    }
}
