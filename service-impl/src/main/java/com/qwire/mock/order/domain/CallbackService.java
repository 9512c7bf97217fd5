package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The delivery journal and manual redelivery (admin). */
public final class CallbackService {
    public static final int JOURNAL_LIMIT = 500;

    private final CallbackOutbox outbox;
    private final Clock clock;
    private final Runnable onScheduled;
    private final OrderMetrics metrics;

    public CallbackService(CallbackOutbox outbox, Clock clock, Runnable onScheduled, OrderMetrics metrics) {
        this.metrics = metrics;
        this.outbox = outbox;
        this.clock = clock;
        this.onScheduled = onScheduled;
    }

    /** One page of the journal, at most {@link #JOURNAL_LIMIT} events; {@code next} is present when more match. */
    public JournalPage journal(Optional<UUID> reference, Optional<DeliveryStatus> status, Optional<CallbackOutbox.JournalPosition> after,
                               int limit) {
        int size = Math.max(1, Math.min(limit, JOURNAL_LIMIT));
        List<CallbackOutbox.DeliveryView> events = outbox.journal(reference, status, after, size + 1);
        if (events.size() <= size) {
            return new JournalPage(events, Optional.empty());
        }
        List<CallbackOutbox.DeliveryView> page = List.copyOf(events.subList(0, size));
        return new JournalPage(page, Optional.of(page.get(size - 1).position()));
    }

    public record JournalPage(List<CallbackOutbox.DeliveryView> events, Optional<CallbackOutbox.JournalPosition> next) {
    }

    /** Schedules one manual attempt now; the event keeps its id, so receivers can dedupe it. */
    public CallbackOutbox.DeliveryView redeliver(UUID eventId) {
        switch (outbox.redeliver(eventId, clock.instant())) {
            case NOT_FOUND -> throw new QwireException(ErrorCode.CALLBACK_NOT_FOUND, "No callback event has id " + eventId + ".");
            case ALREADY_SCHEDULED -> throw new QwireException(ErrorCode.CALLBACK_ALREADY_SCHEDULED,
                    "Callback " + eventId + " is still pending or in flight; redeliver it once it is delivered or dead-lettered.");
            case SCHEDULED -> metrics.redeliveryScheduled();
        }
        // Read before waking the dispatcher: the answer shows the state this call created (PENDING).
        CallbackOutbox.DeliveryView scheduled = outbox.event(eventId).orElseThrow(() -> new IllegalStateException("Callback " + eventId + " vanished after redelivery"));
        onScheduled.run();
        return scheduled;
    }
}
