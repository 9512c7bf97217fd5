package com.qwire.mock.callback.infra;

import com.qwire.mock.callback.domain.ReceiverFaults;
import com.qwire.mock.callback.domain.ReceiverMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The callback server's meters in Micrometer: receipts by outcome, receiver faults fired, what the receipt store holds. */
public final class MicrometerReceiverMetrics implements ReceiverMetrics {
    private final Map<Outcome, Counter> received = new EnumMap<>(Outcome.class);
    private final Map<ReceiverFaults.Action, Counter> faults = new EnumMap<>(ReceiverFaults.Action.class);

    public MicrometerReceiverMetrics(MeterRegistry registry, ReceiptLogStore store) {
        for (Outcome outcome : Outcome.values()) {
            received.put(outcome, Counter.builder("qwire.callbacks.received")
                    .description("Callbacks received, by outcome (accepted, duplicate, bad_signature, stale_signature, fault, invalid)")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        for (ReceiverFaults.Action action : ReceiverFaults.Action.values()) {
            faults.put(action, Counter.builder("qwire.faults.fired")
                    .description("Injected faults that fired (API faults of scenarios, receiver faults)")
                    .tags("side", "receiver", "operation", "receiveCallback", "action", action.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        Gauge.builder("qwire.receipts.indexed", store, ReceiptLogStore::indexedReceipts)
                .description("Receipts held in the in-memory index that answers /v1/check (bounded by QWIRE_RECEIPT_INDEX_MAX)")
                .register(registry);
        Gauge.builder("qwire.receipts.indexed.references", store, ReceiptLogStore::indexedReferences)
                .description("Order references with receipts in the in-memory index").register(registry);
    }

    @Override
    public void received(Outcome outcome) {
        received.get(outcome).increment();
    }

    @Override
    public void faultFired(ReceiverFaults.Action action) {
        faults.get(action).increment();
    }
}
