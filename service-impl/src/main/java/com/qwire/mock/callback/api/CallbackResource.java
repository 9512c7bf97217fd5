package com.qwire.mock.callback.api;

import com.qwire.mock.api.callback.CallbacksApi;
import com.qwire.mock.api.callback.model.CallbackAck;
import com.qwire.mock.api.callback.model.CallbackEvent;
import com.qwire.mock.api.callback.model.CheckResult;
import com.qwire.mock.api.callback.model.OrderStatus;
import com.qwire.mock.api.callback.model.ReceivedEvent;
import com.qwire.mock.callback.domain.CallbackReceiver;
import com.qwire.mock.callback.domain.ReceiptHistory;
import com.qwire.mock.callback.domain.ReceiverFaults;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.http.Problems;
import com.qwire.mock.shared.http.RawBody;
import com.qwire.mock.shared.logging.LogContext;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.jersey.server.ContainerRequest;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

public final class CallbackResource implements CallbacksApi {
    private final CallbackReceiver receiver;
    private final Problems problems;
    // Request-scoped: a singleton resource reaches them through providers, per call.
    @Inject
    private Provider<ContainerRequest> requests;
    @Inject
    private Provider<Request> connections;

    public CallbackResource(CallbackReceiver receiver, Problems problems) {
        this.receiver = receiver;
        this.problems = problems;
    }

    @Override
    public Response receiveCallback(String webhookId, String webhookTimestamp, String webhookSignature, CallbackEvent event,
                                    Integer attempt, String traceIdHeader) {
        LogContext.reference(event.getReference());
        ContainerRequest request = requests.get();
        Map<String, String> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        CallbackReceiver.Result result = receiver.receive(new CallbackReceiver.Incoming(webhookId, webhookTimestamp, webhookSignature,
                attempt == null ? 1 : attempt, LogContext.traceId(), event.getEventId(), event.getReference(),
                event.getStatus().toString(), RawBody.of(request), headers));
        if (result.fault() != null) {
            return injected(result.fault());
        }
        return Response.ok(new CallbackAck().received(true).duplicate(result.receipt().duplicate())).build();
    }

    private Response injected(ReceiverFaults.Fault fault) {
        ReceiverFaults.Rule rule = fault.rule();
        if (rule.action() == ReceiverFaults.Action.DROP) {
            connections.get().getContext().getConnection().closeSilently();
            return Response.noContent().build(); // never reaches the sender: the connection is gone
        }
        Response problem = problems.response(ErrorCode.INJECTED_FAULT, rule.status(),
                "Injected fault " + fault.id() + " (" + fault.remaining() + " more to come).", "/v1/callback", List.of());
        return rule.retryAfterSeconds() == null ? problem
                : Response.fromResponse(problem).header(HttpHeaders.RETRY_AFTER, rule.retryAfterSeconds().toString()).build();
    }

    @Override
    public Response checkCallbacks(UUID reference, String traceIdHeader) {
        LogContext.reference(reference);
        ReceiptHistory history = receiver.receiptsFor(reference);
        List<ReceivedEvent> events = history.receipts().stream()
                .map(r -> new ReceivedEvent()
                        .eventId(r.eventId())
                        .status(OrderStatus.fromValue(r.status()))
                        .attempt(r.attempt())
                        .receivedAt(r.receivedAt().atOffset(ZoneOffset.UTC))
                        .duplicate(r.duplicate())
                        .signatureValid(r.signatureValid()))
                .toList();
        CheckResult result = new CheckResult().reference(reference).received(history.received()).count(events.size()).events(events);
        if (history.omitted() > 0) {
            result.omitted(history.omitted());
        }
        history.retainedSince().ifPresent(since -> result.retainedSince(since.atOffset(ZoneOffset.UTC)));
        return Response.ok(result).build();
    }
}
