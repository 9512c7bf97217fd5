package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.FieldViolation;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An order request that holds the business invariants (the edge has already checked shapes).
 * Its {@link #fingerprint()} decides whether a repeated reference is a replay or a conflict.
 */
public record NewOrder(UUID reference, String productCode, int quantity, BigDecimal amount, String currency,
                       String customerId, String callbackUrl, String scenario, Map<String, String> metadata) {

    public static final int MAX_QUANTITY = 1000;
    public static final int MAX_METADATA_ENTRIES = 20;
    public static final int MAX_METADATA_VALUE_LENGTH = 256;
    private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}");
    private static final String LONE_SURROGATE = "must not contain a lone UTF-16 surrogate (it cannot be stored as sent)";

    public NewOrder {
        Map<String, String> given = metadata == null ? Map.of() : metadata;
        List<FieldViolation> violations = new ArrayList<>();
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            violations.add(new FieldViolation("quantity", "must be between 1 and " + MAX_QUANTITY));
        }
        if (amount == null || amount.signum() <= 0) {
            violations.add(new FieldViolation("amount", "must be greater than 0"));
        } else if (amount.stripTrailingZeros().scale() > 2) {
            violations.add(new FieldViolation("amount", "must have at most 2 decimals"));
        }
        if (callbackUrl != null && !isAbsoluteHttpUrl(callbackUrl)) {
            violations.add(new FieldViolation("callbackUrl", "must be an absolute http or https URL with a host"));
        }
        if (customerId != null && hasLoneSurrogate(customerId)) {
            violations.add(new FieldViolation("customerId", LONE_SURROGATE));
        }
        if (callbackUrl != null && hasLoneSurrogate(callbackUrl)) {
            violations.add(new FieldViolation("callbackUrl", LONE_SURROGATE));
        }
        checkMetadata(given, violations);
        if (!violations.isEmpty()) {
            throw new InvalidOrderException(violations);
        }
        metadata = Map.copyOf(given);
    }

    /** SHA-256 over the request's meaning: equal amounts in different notation ("5.5", "5.50") match. */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder()
                .append(productCode).append('\u001f')
                .append(quantity).append('\u001f')
                .append(amount.stripTrailingZeros().toPlainString()).append('\u001f')
                .append(currency).append('\u001f')
                .append(nullToEmpty(customerId)).append('\u001f')
                .append(nullToEmpty(callbackUrl)).append('\u001f')
                .append(nullToEmpty(scenario));
        new TreeMap<>(metadata).forEach((k, v) -> canonical.append('\u001e').append(k).append('=').append(v));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void checkMetadata(Map<String, String> metadata, List<FieldViolation> violations) {
        if (metadata.size() > MAX_METADATA_ENTRIES) {
            violations.add(new FieldViolation("metadata", "must have at most " + MAX_METADATA_ENTRIES + " entries"));
        }
        // A TreeMap sorts the report; entries may hold nulls here, so no Map.copyOf before the check.
        new TreeMap<>(metadata).forEach((key, value) -> {
            if (!METADATA_KEY.matcher(key).matches()) {
                violations.add(new FieldViolation("metadata", "key '" + printable(key)
                        + "' must be 1-64 letters, digits or _.:-"));
            } else if (value == null) {
                violations.add(new FieldViolation("metadata." + key, "must be a string"));
            } else if (value.length() > MAX_METADATA_VALUE_LENGTH) {
                violations.add(new FieldViolation("metadata." + key, "must be at most " + MAX_METADATA_VALUE_LENGTH + " characters"));
            } else if (CONTROL_CHARACTERS.matcher(value).find()) {
                violations.add(new FieldViolation("metadata." + key, "must not contain control characters"));
            } else if (hasLoneSurrogate(value)) {
                violations.add(new FieldViolation("metadata." + key, LONE_SURROGATE));
            }
        });
    }

    /**
     * Half of a UTF-16 pair with no other half (JSON's "\\ud800" escapes allow it): it cannot be stored
     * as UTF-8 and came back as '?' (issue 10), so it is refused rather than silently changed.
     */
    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAbsoluteHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String printable(String s) {
        String shown = CONTROL_CHARACTERS.matcher(s).replaceAll("?");
        return shown.length() > 64 ? shown.substring(0, 64) + "…" : shown;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
