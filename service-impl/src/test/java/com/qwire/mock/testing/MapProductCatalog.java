package com.qwire.mock.testing;

import com.qwire.mock.order.domain.Product;
import com.qwire.mock.order.domain.ProductCatalog;
import com.qwire.mock.order.domain.UnknownProductException;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** An in-memory catalogue for unit tests; counts lookups so caching can be observed. */
public final class MapProductCatalog implements ProductCatalog {
    private final Map<String, Product> products = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();

    public MapProductCatalog(Product... initial) {
        for (Product p : initial) {
            products.put(p.code(), p);
        }
    }

    public void put(Product product) {
        products.put(product.code(), product);
    }

    public int lookups() {
        return lookups.get();
    }

    @Override
    public Optional<Product> find(String code) {
        lookups.incrementAndGet();
        return Optional.ofNullable(products.get(code));
    }

    @Override
    public Product change(String code, UnaryOperator<Product> change) {
        Product current = products.get(code);
        if (current == null) {
            throw new UnknownProductException(code);
        }
        Product changed = change.apply(current);
        products.put(code, changed);
        return changed;
    }
}
