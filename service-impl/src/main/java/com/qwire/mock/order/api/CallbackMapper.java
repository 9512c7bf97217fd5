package com.qwire.mock.order.api;

import com.qwire.mock.api.order.model.CallbackAttempt;
import com.qwire.mock.api.order.model.CallbackDelivery;
import com.qwire.mock.api.order.model.CallbackSummary;
import com.qwire.mock.api.order.model.CircuitWait;
import com.qwire.mock.api.order.model.DeliveryStatus;
import com.qwire.mock.api.order.model.OrderStatus;
import com.qwire.mock.order.domain.CallbackOutbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Outbox views to the admin and order DTOs. */
final class CallbackMapper {
    private CallbackMapper() {
    }

    static CallbackSummary summary(CallbackOutbox.DeliveryView v) {
        return new CallbackSummary()
                .eventId(v.eventId())
                .sequence(v.sequence())
                .status(DeliveryStatus.fromValue(v.status().name()))
                .attempts(v.attempts())
                .lastAttemptAt(utc(v.lastAttemptAt()))
                .nextAttemptAt(utc(v.nextAttemptAt()))
                .lastResponseStatus(v.lastResponseStatus())
                .waitingForCircuit(circuitWait(v));
    }

    static CallbackDelivery delivery(CallbackOutbox.DeliveryView v) {
        return new CallbackDelivery()
                .eventId(v.eventId())
                .reference(v.reference())
                .sequence(v.sequence())
                .type(v.type())
                .orderStatus(OrderStatus.fromValue(v.orderStatus().name()))
                .status(DeliveryStatus.fromValue(v.status().name()))
                .targetUrl(v.targetUrl())
                .attempts(v.attempts())
                .createdAt(utc(v.createdAt()))
                .nextAttemptAt(utc(v.nextAttemptAt()))
                .deliveredAt(utc(v.deliveredAt()))
                .deadLetteredAt(utc(v.deadLetteredAt()))
                .waitingForCircuit(circuitWait(v))
                .attemptLog(v.attemptLog().stream().map(CallbackMapper::attempt).toList());
    }

    private static CircuitWait circuitWait(CallbackOutbox.DeliveryView v) {
        return v.circuitHeldSince() == null ? null : new CircuitWait().target(v.target()).since(utc(v.circuitHeldSince()));
    }

    private static CallbackAttempt attempt(CallbackOutbox.AttemptView a) {
        return new CallbackAttempt()
                .attempt(a.attempt())
                .startedAt(utc(a.startedAt()))
                .durationMs(a.durationMs())
                .responseStatus(a.responseStatus())
                .outcome(switch (a.outcome()) {
                    case DELIVERED -> CallbackAttempt.OutcomeEnum.DELIVERED;
                    case PENDING -> CallbackAttempt.OutcomeEnum.RETRY;
                    case DEAD_LETTER, IN_FLIGHT -> CallbackAttempt.OutcomeEnum.DEAD_LETTER;
                })
                .errorClass(a.errorClass() == null ? null : CallbackAttempt.ErrorClassEnum.fromValue(a.errorClass().name()))
                .error(a.error())
                .nextAttemptAt(utc(a.nextAttemptAt()))
                .trigger(a.manual() ? CallbackAttempt.TriggerEnum.MANUAL : CallbackAttempt.TriggerEnum.SCHEDULED);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
