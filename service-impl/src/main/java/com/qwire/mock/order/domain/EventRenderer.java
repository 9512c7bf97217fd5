package com.qwire.mock.order.domain;

import java.util.UUID;

/** Turns a status change into the callback body of the contract (callback_server.yaml CallbackEvent). */
public interface EventRenderer {
    String render(UUID eventId, long sequence, Order orderAfterChange, StatusChange change);
}
