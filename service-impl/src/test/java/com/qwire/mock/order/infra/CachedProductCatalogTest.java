package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.Product;
import com.qwire.mock.order.domain.ProductStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CachedProductCatalogTest {
    private final Map<String, Product> stored = new HashMap<>(Map.of("SKU-A-001", new Product("SKU-A-001", "A", ProductStatus.ACTIVE)));
    private final AtomicInteger lookups = new AtomicInteger();

    private CachedProductCatalog catalog(Duration ttl) {
        return new CachedProductCatalog(code -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(stored.get(code));
        }, ttl);
    }

    @Test
    void repeatedLookupsWithinTheTtlHitTheSourceOnceIncludingMisses() {
        CachedProductCatalog catalog = catalog(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            assertThat(catalog.find("SKU-A-001")).isPresent();
            assertThat(catalog.find("SKU-NONE-000")).isEmpty();
        }
        assertThat(lookups.get()).isEqualTo(2);
    }

    @Test
    void aChangedStatusIsSeenAfterTheTtlOrAtOnceAfterInvalidation() throws InterruptedException {
        CachedProductCatalog catalog = catalog(Duration.ofMillis(30));
        assertThat(catalog.find("SKU-A-001").orElseThrow().status()).isEqualTo(ProductStatus.ACTIVE);
        stored.put("SKU-A-001", new Product("SKU-A-001", "A", ProductStatus.DISCONTINUED));
        Thread.sleep(60);
        assertThat(catalog.find("SKU-A-001").orElseThrow().status()).isEqualTo(ProductStatus.DISCONTINUED);

        CachedProductCatalog longLived = catalog(Duration.ofMinutes(1));
        longLived.find("SKU-A-001");
        stored.put("SKU-A-001", new Product("SKU-A-001", "A", ProductStatus.OUT_OF_STOCK));
        longLived.invalidate("SKU-A-001");
        assertThat(longLived.find("SKU-A-001").orElseThrow().status()).isEqualTo(ProductStatus.OUT_OF_STOCK);
    }
}
