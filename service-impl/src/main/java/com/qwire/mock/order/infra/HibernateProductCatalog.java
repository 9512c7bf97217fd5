package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.Product;
import com.qwire.mock.order.domain.ProductCatalog;
import com.qwire.mock.shared.db.Database;

import java.util.Optional;

public final class HibernateProductCatalog implements ProductCatalog {
    private final Database database;

    public HibernateProductCatalog(Database database) {
        this.database = database;
    }

    @Override
    public Optional<Product> find(String code) {
        return database.inStatelessTransaction(session -> Optional.ofNullable(session.get(ProductEntity.class, code))
                .map(ProductEntity::toDomain));
    }
}
