package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.Product;
import com.qwire.mock.order.domain.ProductCatalog;
import com.qwire.mock.order.domain.UnknownProductException;
import com.qwire.mock.shared.db.Database;
import jakarta.persistence.LockModeType;

import java.time.Clock;

import java.util.Optional;
import java.util.function.UnaryOperator;

public final class HibernateProductCatalog implements ProductCatalog {
    private final Database database;
    private final Clock clock;

    public HibernateProductCatalog(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Product change(String code, UnaryOperator<Product> change) {
        return database.inTransaction(session -> {
            ProductEntity entity = session.find(ProductEntity.class, code, LockModeType.PESSIMISTIC_WRITE);
            if (entity == null) {
                throw new UnknownProductException(code);
            }
            Product changed = change.apply(entity.toDomain());
            entity.record(changed, clock.instant());
            return changed;
        });
    }

    @Override
    public Optional<Product> find(String code) {
        return database.read(session -> Optional.ofNullable(session.get(ProductEntity.class, code))
                .map(ProductEntity::toDomain));
    }
}
