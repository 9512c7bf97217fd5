package com.qwire.mock.order.domain;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * A configured selection rule: orders matching every given condition get {@code scenario}.
 * Conditions: product code, amount range (inclusive), a metadata key (optionally with its value).
 */
public record ScenarioRule(String scenario, Optional<String> productCode, Optional<BigDecimal> minAmount,
                           Optional<BigDecimal> maxAmount, Optional<String> metadataKey, Optional<String> metadataValue) {
    public ScenarioRule {
        if (productCode.isEmpty() && minAmount.isEmpty() && maxAmount.isEmpty() && metadataKey.isEmpty()) {
            throw new IllegalArgumentException("a rule needs at least one condition (productCode, amount or metadata)");
        }
        if (metadataValue.isPresent() && metadataKey.isEmpty()) {
            throw new IllegalArgumentException("metadata.value needs metadata.key");
        }
        if (minAmount.isPresent() && maxAmount.isPresent() && maxAmount.get().compareTo(minAmount.get()) < 0) {
            throw new IllegalArgumentException("amount.max must not be below amount.min");
        }
    }

    public boolean matches(NewOrder order) {
        return productCode.map(code -> code.equals(order.productCode())).orElse(true)
                && minAmount.map(min -> order.amount().compareTo(min) >= 0).orElse(true)
                && maxAmount.map(max -> order.amount().compareTo(max) <= 0).orElse(true)
                && metadataKey.map(key -> order.metadata().containsKey(key)
                        && metadataValue.map(v -> v.equals(order.metadata().get(key))).orElse(true)).orElse(true);
    }
}
