package com.qwire.mock.callback.api;

import com.qwire.mock.api.callback.CallbacksApi;
import com.qwire.mock.api.callback.model.CallbackAck;
import com.qwire.mock.api.callback.model.CallbackEvent;
import com.qwire.mock.api.callback.model.CheckResult;
import com.qwire.mock.api.callback.model.OrderStatus;
import com.qwire.mock.api.callback.model.ReceivedEvent;
import com.qwire.mock.callback.domain.CallbackReceiver;
import com.qwire.mock.callback.domain.Receipt;
import com.qwire.mock.shared.http.RawBody;
import com.qwire.mock.shared.logging.LogContext;
import org.glassfish.jersey.server.ContainerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.core.Response;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class CallbackResource implements CallbacksApi {
    private final CallbackReceiver receiver;
    // Request-scoped: a singleton resource reaches it through a provider, per call.
    @Inject
    private Provider<ContainerRequest> requests;

    public CallbackResource(CallbackReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public Response receiveCallback(String webhookId, String webhookTimestamp, String webhookSignature, CallbackEvent event,
                                    Integer attempt, String traceIdHeader) {
        LogContext.reference(event.getReference());
        ContainerRequest request = requests.get();
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        Receipt receipt = receiver.receive(new CallbackReceiver.Incoming(webhookId, webhookTimestamp, webhookSignature,
                attempt == null ? 1 : attempt, LogContext.traceId(), event.getEventId(), event.getReference(),
                event.getStatus().toString(), RawBody.of(request), headers));
        return Response.ok(new CallbackAck().received(true).duplicate(receipt.duplicate())).build();
    }

    @Override
    public Response checkCallbacks(UUID reference, String traceIdHeader) {
        LogContext.reference(reference);
        List<Receipt> receipts = receiver.receiptsFor(reference);
        List<ReceivedEvent> events = receipts.stream()
                .map(r -> new ReceivedEvent()
                        .eventId(r.eventId())
                        .status(OrderStatus.fromValue(r.status()))
                        .attempt(r.attempt())
                        .receivedAt(r.receivedAt().atOffset(ZoneOffset.UTC))
                        .duplicate(r.duplicate())
                        .signatureValid(r.signatureValid()))
                .toList();
        boolean received = receipts.stream().anyMatch(Receipt::signatureValid);
        return Response.ok(new CheckResult().reference(reference).received(received).count(events.size()).events(events)).build();
    }
}
