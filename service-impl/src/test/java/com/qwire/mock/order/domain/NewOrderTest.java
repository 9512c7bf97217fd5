package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class NewOrderTest {

    static NewOrder order(String amount, Map<String, String> metadata) {
        return new NewOrder(null, "SKU-BOOK-001", 2, new BigDecimal(amount), "EUR", "cust-1", null, null, metadata);
    }

    @Test
    void sameMeaningGivesSameFingerprintWhateverTheAmountNotationOrMetadataOrder() {
        Map<String, String> ab = new HashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new java.util.LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        assertThat(order("5.5", ab).fingerprint()).isEqualTo(order("5.50", ba).fingerprint());
    }

    @Test
    void anyChangedFieldChangesTheFingerprint() {
        String base = order("5.50", Map.of()).fingerprint();
        assertThat(order("5.51", Map.of()).fingerprint()).isNotEqualTo(base);
        assertThat(order("5.50", Map.of("k", "v")).fingerprint()).isNotEqualTo(base);
        assertThat(new NewOrder(null, "SKU-BOOK-001", 3, new BigDecimal("5.50"), "EUR", "cust-1", null, null, null).fingerprint())
                .isNotEqualTo(base);
        assertThat(new NewOrder(null, "SKU-BOOK-001", 2, new BigDecimal("5.50"), "EUR", "cust-1", "http://x.test/cb", null, null).fingerprint())
                .isNotEqualTo(base);
    }

    @Test
    void amountMustBePositiveWithAtMostTwoDecimals() {
        assertThat(violations(() -> order("0.00", Map.of()))).containsExactly(new FieldViolation("amount", "must be greater than 0"));
        assertThat(violations(() -> order("1.005", Map.of()))).containsExactly(new FieldViolation("amount", "must have at most 2 decimals"));
        assertThat(order("1.50", Map.of()).amount()).isEqualByComparingTo("1.5");
    }

    @Test
    void quantityOutsideOneToThousandIsRefused() {
        assertThat(violations(() -> new NewOrder(null, "SKU-BOOK-001", 1001, BigDecimal.ONE, "EUR", null, null, null, null)))
                .extracting(FieldViolation::field).containsExactly("quantity");
        assertThat(violations(() -> new NewOrder(null, "SKU-BOOK-001", 0, BigDecimal.ONE, "EUR", null, null, null, null)))
                .extracting(FieldViolation::field).containsExactly("quantity");
    }

    @Test
    void callbackUrlMustBeAbsoluteHttpWithHost() {
        assertThat(violations(() -> new NewOrder(null, "SKU-BOOK-001", 1, BigDecimal.ONE, "EUR", null, "http:///nohost", null, null)))
                .extracting(FieldViolation::field).containsExactly("callbackUrl");
        assertThat(violations(() -> new NewOrder(null, "SKU-BOOK-001", 1, BigDecimal.ONE, "EUR", null, "ftp://h/x", null, null)))
                .extracting(FieldViolation::field).containsExactly("callbackUrl");
        assertThat(new NewOrder(null, "SKU-BOOK-001", 1, BigDecimal.ONE, "EUR", null, "https://hooks.example.com/cb?x=1", null, null)
                .callbackUrl()).isEqualTo("https://hooks.example.com/cb?x=1");
    }

    /** Issue 10: echoed on create, then read back as '?'. */
    @Test
    void aLoneSurrogateIsRefusedWhereverTextIsStoredAsSent() {
        assertThat(violations(() -> new NewOrder(null, "SKU-BOOK-001", 1, BigDecimal.ONE, "EUR", "cust-\ud800", null, null,
                Map.of("note", "a\udc00b", "ok", "emoji \ud83d\ude00 fine"))))
                .extracting(FieldViolation::field, FieldViolation::message)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("customerId", "must not contain a lone UTF-16 surrogate (it cannot be stored as sent)"),
                        org.assertj.core.groups.Tuple.tuple("metadata.note", "must not contain a lone UTF-16 surrogate (it cannot be stored as sent)"));
        assertThat(NewOrder.hasLoneSurrogate("pair \ud83d\ude00")).isFalse();
        assertThat(NewOrder.hasLoneSurrogate("high at end \ud83d")).isTrue();
        assertThat(NewOrder.hasLoneSurrogate("\ude00 low first")).isTrue();
    }

    @Test
    void metadataRulesNameEachOffendingEntry() {
        Map<String, String> bad = new HashMap<>();
        bad.put("ok", "fine");
        bad.put("nul", null);
        bad.put("bad key", "x");
        bad.put("ctl", "line\nbreak");
        bad.put("long", "x".repeat(257));
        assertThat(violations(() -> order("1.00", bad))).containsExactlyInAnyOrder(
                new FieldViolation("metadata.nul", "must be a string"),
                new FieldViolation("metadata", "key 'bad key' must be 1-64 letters, digits or _.:-"),
                new FieldViolation("metadata.ctl", "must not contain control characters"),
                new FieldViolation("metadata.long", "must be at most 256 characters"));
    }

    @Test
    void atMostTwentyMetadataEntries() {
        Map<String, String> many = new HashMap<>();
        IntStream.range(0, 21).forEach(i -> many.put("k" + i, "v"));
        assertThat(violations(() -> order("1.00", many))).extracting(FieldViolation::field).containsExactly("metadata");
        many.remove("k0");
        assertThat(order("1.00", many).metadata()).hasSize(20);
    }

    private static java.util.List<FieldViolation> violations(Runnable construction) {
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class, construction::run);
        assertThat(e).as("expected the order to be refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return e.violations();
    }
}
