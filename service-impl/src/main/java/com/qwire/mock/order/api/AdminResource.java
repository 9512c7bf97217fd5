package com.qwire.mock.order.api;

import com.qwire.mock.api.order.AdminApi;
import com.qwire.mock.api.order.model.CallbackJournal;
import com.qwire.mock.api.order.model.DeliveryStatus;
import com.qwire.mock.order.domain.CallbackService;
import jakarta.ws.rs.core.Response;

import java.util.Optional;
import java.util.UUID;

public final class AdminResource implements AdminApi {
    private final CallbackService callbacks;

    public AdminResource(CallbackService callbacks) {
        this.callbacks = callbacks;
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
