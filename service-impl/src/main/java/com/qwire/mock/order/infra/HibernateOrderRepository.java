package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.DueTransition;
import com.qwire.mock.order.domain.DuplicateReferenceException;
import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderRepository;
import com.qwire.mock.order.domain.OrderService;
import com.qwire.mock.shared.db.Database;
import org.hibernate.exception.ConstraintViolationException;

import java.util.Optional;
import java.util.UUID;

public final class HibernateOrderRepository implements OrderRepository {
    private final Database database;

    public HibernateOrderRepository(Database database) {
        this.database = database;
    }

    @Override
    public void insert(Order order, Optional<DueTransition> first) {
        try {
            // A stateless insert executes at once, so a duplicate surfaces here, not wrapped at commit.
            database.inStatelessTransaction(session -> {
                Object id = session.insert(OrderEntity.of(order));
                first.ifPresent(transition -> session.insert(DueTransitionEntity.of(transition)));
                return id;
            });
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateReferenceException(order.reference(), e);
            }
            throw e;
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && c.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Deleted deleteAll() {
        return database.inTransaction(session -> {
            session.createMutationQuery("delete from AttemptEntity").executeUpdate();
            int callbacks = session.createMutationQuery("delete from OutboxEntity").executeUpdate();
            session.createMutationQuery("delete from DueTransitionEntity").executeUpdate();
            session.createNativeMutationQuery("delete from order_history").executeUpdate();
            int orders = session.createMutationQuery("delete from OrderEntity").executeUpdate();
            return new Deleted(orders, callbacks);
        });
    }

    /** One transaction: the order by id (history joined) and its latest callback event. */
    @Override
    public Optional<OrderService.Details> findDetails(UUID reference) {
        return database.inStatelessTransaction(session -> Optional.ofNullable(session.get(OrderEntity.class, reference))
                .map(entity -> new OrderService.Details(entity.toDomain(), HibernateCallbackOutbox.latestFor(session, reference))));
    }

    @Override
    public long count() {
        return database.inStatelessTransaction(session -> session.createSelectionQuery("select count(o) from OrderEntity o", Long.class)
                .getSingleResult());
    }

    @Override
    public Optional<Order> find(UUID reference) {
        // By id, history joined in the same SELECT (see OrderEntity): one round trip, no query parsing.
        return database.inStatelessTransaction(session -> Optional.ofNullable(session.get(OrderEntity.class, reference))
                .map(OrderEntity::toDomain));
    }
}
