package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.order.domain.Plan;
import com.qwire.mock.order.domain.StatusChange;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Persistence shape of an order; the domain {@link Order} never sees it. */
@Entity
@Table(name = "orders")
public class OrderEntity {
    @Id
    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "reference", length = 36)
    private UUID reference;

    @Column(name = "product_code", nullable = false, length = 32)
    private String productCode;

    @Column(name = "quantity", nullable = false)
    private int quantity;

    @Column(name = "amount", nullable = false, precision = 12, scale = 2)
    private BigDecimal amount;

    @Column(name = "currency", nullable = false, length = 3)
    @JdbcTypeCode(SqlTypes.CHAR)
    private String currency;

    @Column(name = "customer_id", length = 64)
    private String customerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private OrderStatus status;

    @Column(name = "scenario", length = 64)
    private String scenario;

    // MEDIUMTEXT, JSON written by PlanJson; LONGVARCHAR is what MariaDB and H2 both report for it.
    @JdbcTypeCode(SqlTypes.LONGVARCHAR)
    @Column(name = "plan")
    private String plan;

    @Column(name = "callback_url", nullable = false, length = 2048)
    private String callbackUrl;

    @Convert(converter = MetadataConverter.class)
    @Column(name = "metadata", length = 8192)
    private Map<String, String> metadata;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(name = "request_hash", nullable = false, length = 64)
    private String requestHash;

    @Column(name = "trace_id", nullable = false, length = 128)
    private String traceId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private Long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @Fetch(FetchMode.JOIN)
    @CollectionTable(name = "order_history", joinColumns = @JoinColumn(name = "order_reference"))
    @OrderColumn(name = "seq")
    private List<StatusChangeEmbeddable> history = new ArrayList<>();

    protected OrderEntity() {
    }

    static OrderEntity of(Order order) {
        OrderEntity e = new OrderEntity();
        e.reference = order.reference();
        e.productCode = order.productCode();
        e.quantity = order.quantity();
        e.amount = order.amount();
        e.currency = order.currency();
        e.customerId = order.customerId();
        e.status = order.status();
        e.scenario = order.scenario();
        e.plan = order.plan().steps().isEmpty() ? null : PlanJson.write(order.plan());
        e.callbackUrl = order.callbackUrl();
        e.metadata = order.metadata().isEmpty() ? null : order.metadata();
        e.requestHash = order.requestFingerprint();
        e.traceId = order.traceId();
        e.createdAt = order.createdAt();
        e.updatedAt = order.updatedAt();
        order.history().forEach(change -> e.history.add(StatusChangeEmbeddable.of(change)));
        return e;
    }

    UUID reference() {
        return reference;
    }

    /** The columns {@link #insertValues()} fills, in its order: what Hibernate writes for a new order (version 0). */
    static final String INSERT_COLUMNS = "reference, product_code, quantity, amount, currency, customer_id, status, scenario, plan, "
            + "callback_url, metadata, request_hash, trace_id, created_at, updated_at, version";

    /** This new order's row, as Hibernate's mapping stores it (metadata through its converter), for a plain insert. */
    Object[] insertValues() {
        return new Object[]{reference, productCode, quantity, amount, currency, customerId, status, scenario, plan,
                callbackUrl, metadata == null ? null : new MetadataConverter().convertToDatabaseColumn(metadata), requestHash,
                traceId, createdAt, updatedAt, 0L};
    }

    /** The columns of an {@code order_history} row (this entity's element collection, ordered by {@code seq}), as {@link #historyRow} fills them. */
    static final String HISTORY_COLUMNS = "order_reference, seq, from_status, to_status, changed_at, reason";

    /** History entry {@code seq} of order {@code reference} as its {@code order_history} row, for a plain insert. */
    static Object[] historyRow(UUID reference, int seq, StatusChange change) {
        return new Object[]{reference, seq, change.from(), change.to(), change.at(), change.reason()};
    }

    /** Every history entry of a new order as its {@code order_history} row. */
    static List<Object[]> historyRows(Order order) {
        List<StatusChange> history = order.history();
        List<Object[]> rows = new ArrayList<>(history.size());
        for (int seq = 0; seq < history.size(); seq++) {
            rows.add(historyRow(order.reference(), seq, history.get(seq)));
        }
        return rows;
    }

    /** Takes over a status change made on the domain order: status, time, and the new history entries. */
    void record(Order changed) {
        status = changed.status();
        updatedAt = changed.updatedAt();
        List<StatusChange> all = changed.history();
        for (int i = history.size(); i < all.size(); i++) {
            history.add(StatusChangeEmbeddable.of(all.get(i)));
        }
    }

    Order toDomain() {
        return Order.builder()
                .reference(reference)
                .productCode(productCode)
                .quantity(quantity)
                .amount(amount)
                .currency(currency)
                .customerId(customerId)
                .status(status)
                .scenario(scenario)
                .plan(plan == null ? new Plan(scenario, List.of()) : PlanJson.read(scenario, plan))
                .callbackUrl(callbackUrl)
                .metadata(metadata == null ? Map.of() : metadata)
                .requestFingerprint(requestHash)
                .traceId(traceId)
                .createdAt(createdAt)
                .updatedAt(updatedAt)
                .history(history.stream().map(StatusChangeEmbeddable::toDomain).toList())
                .build();
    }
}
