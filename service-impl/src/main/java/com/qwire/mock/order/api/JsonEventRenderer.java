package com.qwire.mock.order.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.api.callback.model.CallbackEvent;
import com.qwire.mock.api.callback.model.OrderStatus;
import com.qwire.mock.order.domain.EventRenderer;
import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.StatusChange;
import com.qwire.mock.shared.http.JsonMapper;

import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The callback body of callback_server.yaml. The order snapshot is the order as GET /v1/order shows
 * it, without its delivery state (the two schemas have one shape; SpecConsistencyTest holds them to
 * it, JsonEventRendererTest the two mappings).
 */
public final class JsonEventRenderer implements EventRenderer {
    private final ObjectMapper json = JsonMapper.create();

    @Override
    public String render(UUID eventId, long sequence, Order order, StatusChange change) {
        CallbackEvent event = new CallbackEvent()
                .eventId(eventId)
                .type(com.qwire.mock.order.domain.CallbackEvent.STATUS_CHANGED)
                .reference(order.reference())
                .status(OrderStatus.fromValue(change.to().name()))
                .previousStatus(change.from() == null ? null : OrderStatus.fromValue(change.from().name()))
                .sequence(sequence)
                .occurredAt(change.at().atOffset(ZoneOffset.UTC))
                .order(OrderMapper.toSnapshot(order));
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A callback event always serialises", e);
        }
    }
}
