package com.qwire.mock.order.infra;

import com.qwire.mock.order.domain.IllegalTransitionException;
import com.qwire.mock.order.domain.Product;
import com.qwire.mock.order.domain.ProductStatus;
import com.qwire.mock.testing.MapProductCatalog;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachedProductCatalogTest {
    private final MapProductCatalog source = new MapProductCatalog(new Product("SKU-A-001", "A", ProductStatus.ACTIVE));

    @Test
    void repeatedLookupsWithinTheTtlHitTheSourceOnceIncludingMisses() {
        CachedProductCatalog catalog = new CachedProductCatalog(source, Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            assertThat(catalog.find("SKU-A-001")).isPresent();
            assertThat(catalog.find("SKU-NONE-000")).isEmpty();
        }
        assertThat(source.lookups()).isEqualTo(2);
    }

    @Test
    void aStatusChangedElsewhereIsSeenAfterTheTtl() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        CachedProductCatalog catalog = new CachedProductCatalog(source, Duration.ofMillis(30), nanos::get);
        assertThat(catalog.find("SKU-A-001").orElseThrow().status()).isEqualTo(ProductStatus.ACTIVE);
        source.put(new Product("SKU-A-001", "A", ProductStatus.DISCONTINUED));
        nanos.addAndGet(Duration.ofMillis(29).toNanos());
        assertThat(catalog.find("SKU-A-001").orElseThrow().status()).as("within the TTL").isEqualTo(ProductStatus.ACTIVE);
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(catalog.find("SKU-A-001").orElseThrow().status()).isEqualTo(ProductStatus.DISCONTINUED);
    }

    @Test
    void endlessUnknownCodesStayWithinTheBound() {
        CachedProductCatalog catalog = new CachedProductCatalog(source, Duration.ofMinutes(1));
        for (int i = 0; i < 4 * CachedProductCatalog.MAX_ENTRIES; i++) {
            assertThat(catalog.find("SKU-X-" + i)).isEmpty();
        }
        assertThat(catalog.size()).isBetween(1L, (long) CachedProductCatalog.MAX_ENTRIES);
        assertThat(catalog.find("SKU-A-001")).isPresent();
    }

    @Test
    void aChangeMadeThroughTheCacheIsSeenAtOnceAndTheStateMachineDecides() {
        CachedProductCatalog catalog = new CachedProductCatalog(source, Duration.ofMinutes(1));
        catalog.find("SKU-A-001");
        catalog.change("SKU-A-001", p -> p.changeTo(ProductStatus.OUT_OF_STOCK));
        assertThat(catalog.find("SKU-A-001").orElseThrow().status()).isEqualTo(ProductStatus.OUT_OF_STOCK);
        catalog.change("SKU-A-001", p -> p.changeTo(ProductStatus.DISCONTINUED));
        assertThatThrownBy(() -> catalog.change("SKU-A-001", p -> p.changeTo(ProductStatus.ACTIVE)))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("DISCONTINUED");
        assertThat(catalog.find("SKU-A-001").orElseThrow().status()).isEqualTo(ProductStatus.DISCONTINUED);
    }
}
