package com.qwire.mock.order.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An order and its history. Status changes go through {@link OrderStatus#MACHINE} only. */
public final class Order {
    private final UUID reference;
    private final String productCode;
    private final int quantity;
    private final BigDecimal amount;
    private final String currency;
    private final String customerId;
    private final String scenario;
    private final Plan plan;
    private final String callbackUrl;
    private final Map<String, String> metadata;
    private final String requestFingerprint;
    private final String traceId;
    private final Instant createdAt;
    private final List<StatusChange> history;
    private OrderStatus status;
    private Instant updatedAt;

    private Order(Builder b) {
        this.reference = b.reference;
        this.productCode = b.productCode;
        this.quantity = b.quantity;
        this.amount = b.amount;
        this.currency = b.currency;
        this.customerId = b.customerId;
        this.scenario = b.scenario;
        this.plan = b.plan;
        this.callbackUrl = b.callbackUrl;
        this.metadata = Map.copyOf(b.metadata);
        this.requestFingerprint = b.requestFingerprint;
        this.traceId = b.traceId;
        this.createdAt = b.createdAt;
        this.status = b.status;
        this.updatedAt = b.updatedAt;
        this.history = new ArrayList<>(b.history);
    }

    /** A freshly accepted order: status CREATED with its first history entry, driven by {@code plan}. */
    public static Order accept(NewOrder request, UUID reference, String callbackUrl, String traceId, Instant now, Plan plan) {
        return builder()
                .reference(reference)
                .productCode(request.productCode())
                .quantity(request.quantity())
                .amount(request.amount())
                .currency(request.currency())
                .customerId(request.customerId())
                .scenario(plan.scenario())
                .plan(plan)
                .callbackUrl(callbackUrl)
                .metadata(request.metadata())
                .requestFingerprint(request.fingerprint())
                .traceId(traceId)
                .createdAt(now)
                .updatedAt(now)
                .status(OrderStatus.CREATED)
                .history(List.of(new StatusChange(null, OrderStatus.CREATED, now, "ORDER_ACCEPTED")))
                .build();
    }

    /** Moves the order, or throws {@link IllegalTransitionException} when the state machine forbids it. */
    public StatusChange transitionTo(OrderStatus target, String reason, Instant now) {
        if (!OrderStatus.MACHINE.allows(status, target)) {
            throw new IllegalTransitionException("Order " + reference, status, target);
        }
        StatusChange change = new StatusChange(status, target, now, reason);
        history.add(change);
        status = target;
        updatedAt = now;
        return change;
    }

    public UUID reference() {
        return reference;
    }

    public String productCode() {
        return productCode;
    }

    public int quantity() {
        return quantity;
    }

    public BigDecimal amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public String customerId() {
        return customerId;
    }

    public String scenario() {
        return scenario;
    }

    /** The scenario's steps with their waits drawn for this order. */
    public Plan plan() {
        return plan;
    }

    public String callbackUrl() {
        return callbackUrl;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public String requestFingerprint() {
        return requestFingerprint;
    }

    public String traceId() {
        return traceId;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public OrderStatus status() {
        return status;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public List<StatusChange> history() {
        return List.copyOf(history);
    }

    /** How many status changes the history holds (without copying it). */
    public int historySize() {
        return history.size();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Rebuilds an order from storage or from a request; no state-machine checks happen here. */
    public static final class Builder {
        private UUID reference;
        private String productCode;
        private int quantity;
        private BigDecimal amount;
        private String currency;
        private String customerId;
        private String scenario;
        private Plan plan = Plan.NONE;
        private String callbackUrl;
        private Map<String, String> metadata = Map.of();
        private String requestFingerprint;
        private String traceId;
        private Instant createdAt;
        private OrderStatus status;
        private Instant updatedAt;
        private List<StatusChange> history = List.of();

        public Builder reference(UUID v) { reference = v; return this; }
        public Builder productCode(String v) { productCode = v; return this; }
        public Builder quantity(int v) { quantity = v; return this; }
        public Builder amount(BigDecimal v) { amount = v; return this; }
        public Builder currency(String v) { currency = v; return this; }
        public Builder customerId(String v) { customerId = v; return this; }
        public Builder scenario(String v) { scenario = v; return this; }
        public Builder plan(Plan v) { plan = v; return this; }
        public Builder callbackUrl(String v) { callbackUrl = v; return this; }
        public Builder metadata(Map<String, String> v) { metadata = v; return this; }
        public Builder requestFingerprint(String v) { requestFingerprint = v; return this; }
        public Builder traceId(String v) { traceId = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder status(OrderStatus v) { status = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder history(List<StatusChange> v) { history = v; return this; }

        public Order build() {
            return new Order(this);
        }
    }
}
