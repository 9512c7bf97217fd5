package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.DuplicateReferenceException;
import com.qwire.mock.order.domain.Order;
import com.qwire.mock.order.domain.OrderRepository;
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
    public void insert(Order order) {
        try {
            database.inTransaction(session -> {
                session.persist(OrderEntity.of(order));
                // Flush inside the transaction so a duplicate surfaces here, not wrapped at commit.
                session.flush();
                return null;
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
    public Optional<Order> find(UUID reference) {
        return database.inTransaction(session -> session
                .createSelectionQuery("from OrderEntity o left join fetch o.history where o.reference = :reference", OrderEntity.class)
                .setParameter("reference", reference)
                .setReadOnly(true)
                .uniqueResultOptional()
                .map(OrderEntity::toDomain));
    }
}
