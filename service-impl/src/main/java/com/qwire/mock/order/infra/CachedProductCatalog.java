package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.Product;
import com.qwire.mock.order.domain.ProductCatalog;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Read-through cache in front of the catalogue: every create looks a product up, the catalogue is
 * tiny and changes rarely, so a short time-to-live saves a database round trip per order while a
 * changed status is seen within the TTL (or at once after {@link #invalidate}).
 */
public final class CachedProductCatalog implements ProductCatalog {
    private final ProductCatalog source;
    private final long ttlNanos;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    public CachedProductCatalog(ProductCatalog source, Duration ttl) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public Optional<Product> find(String code) {
        long now = System.nanoTime();
        Entry cached = entries.get(code);
        if (cached != null && now - cached.loadedAt < ttlNanos) {
            return cached.product;
        }
        Optional<Product> product = source.find(code);
        entries.put(code, new Entry(product, now));
        return product;
    }

    /** Changes go to the source; the cached copy is dropped so the next order sees the change at once. */
    @Override
    public Product change(String code, UnaryOperator<Product> change) {
        try {
            return source.change(code, change);
        } finally {
            invalidate(code);
        }
    }

    public void invalidate(String code) {
        entries.remove(code);
    }

    private record Entry(Optional<Product> product, long loadedAt) {
    }
}
