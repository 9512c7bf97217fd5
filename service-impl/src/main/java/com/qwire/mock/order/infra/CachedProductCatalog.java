package com.qwire.mock.order.infra;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.qwire.mock.order.domain.Product;
import com.qwire.mock.order.domain.ProductCatalog;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Read-through cache in front of the catalogue: every create looks a product up, the catalogue is
 * tiny and changes rarely, so a short time-to-live saves a database round trip per order while a
 * changed status is seen within the TTL (or at once after {@link #invalidate}). Bounded (Caffeine):
 * at most {@link #MAX_ENTRIES} codes, known or not, so a client sending endless unknown codes
 * cannot grow it (at worst they push real products out, which then cost a lookup again).
 */
public final class CachedProductCatalog implements ProductCatalog {
    static final int MAX_ENTRIES = 1024;

    private final ProductCatalog source;
    private final Cache<String, Optional<Product>> entries;

    public CachedProductCatalog(ProductCatalog source, Duration ttl) {
        this(source, ttl, Ticker.systemTicker());
    }

    CachedProductCatalog(ProductCatalog source, Duration ttl, Ticker ticker) {
        this.source = source;
        this.entries = Caffeine.newBuilder()
                .maximumSize(MAX_ENTRIES)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .executor(Runnable::run) // upkeep on the caller's thread: no pool of its own
                .build();
    }

    @Override
    public Optional<Product> find(String code) {
        return entries.get(code, source::find);
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
        entries.invalidate(code);
    }

    /** How many codes are held now (after pending evictions are applied). */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }
}
