package com.qwire.mock.callback.api;

import com.qwire.mock.api.callback.AdminApi;
import com.qwire.mock.api.callback.model.Fault;
import com.qwire.mock.api.callback.model.FaultAction;
import com.qwire.mock.api.callback.model.FaultList;
import com.qwire.mock.api.callback.model.FaultRequest;
import com.qwire.mock.callback.domain.CallbackReceiver;
import com.qwire.mock.callback.domain.ReceiverFaults;
import jakarta.ws.rs.core.Response;

import java.time.ZoneOffset;
import java.util.UUID;

/** Receiver-side fault injection (add, list, remove, clear) and the receiver's reset. */
public final class ReceiverAdminResource implements AdminApi {
    private final ReceiverFaults faults;
    private final CallbackReceiver receiver;

    public ReceiverAdminResource(ReceiverFaults faults, CallbackReceiver receiver) {
        this.faults = faults;
        this.receiver = receiver;
    }

    @Override
    public Response resetReceiver(String traceIdHeader) {
        receiver.reset();
        return Response.noContent().build();
    }

    @Override
    public Response addFault(FaultRequest request, String traceIdHeader) {
        return Response.status(201).entity(toDto(faults.add(toRule(request)))).build();
    }

    @Override
    public Response listFaults(String traceIdHeader) {
        return Response.ok(new FaultList().faults(faults.list().stream().map(ReceiverAdminResource::toDto).toList())).build();
    }

    @Override
    public Response clearFaults(String traceIdHeader) {
        faults.clear();
        return Response.noContent().build();
    }

    @Override
    public Response removeFault(UUID faultId, String traceIdHeader) {
        faults.remove(faultId);
        return Response.noContent().build();
    }

    public static ReceiverFaults.Rule toRule(FaultRequest r) {
        return new ReceiverFaults.Rule(r.getReference(), ReceiverFaults.Action.valueOf(r.getAction().toString()),
                r.getCount() == null ? 1 : r.getCount(), r.getStatus(), r.getRetryAfterSeconds(), r.getDelayMs());
    }

    private static Fault toDto(ReceiverFaults.Fault f) {
        ReceiverFaults.Rule r = f.rule();
        return new Fault().id(f.id()).reference(r.reference()).action(FaultAction.fromValue(r.action().name()))
                .count(r.count()).remaining(f.remaining()).status(r.status()).retryAfterSeconds(r.retryAfterSeconds())
                .delayMs(r.delayMs()).createdAt(f.createdAt().atOffset(ZoneOffset.UTC));
    }
}
