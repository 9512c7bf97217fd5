package com.qwire.mock.order.api;

import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.order.domain.OrderQueries;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.errors.QwireException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The opaque {@code cursor} of the admin lists: a keyset position in base64url, tagged with the list it
 * belongs to. Anything else — edited, truncated, another list's — is a 400 {@code INVALID_PARAMETER}.
 */
final class Cursors {
    private static final String ORDERS = "o1";
    private static final String JOURNAL = "j1";

    private Cursors() {
    }

    static String of(OrderQueries.Position p) {
        return encode(ORDERS + "|" + p.createdAt().toEpochMilli() + "|" + p.reference());
    }

    static String of(CallbackOutbox.JournalPosition p) {
        return encode(JOURNAL + "|" + p.createdAt().toEpochMilli() + "|" + p.reference() + "|" + p.sequence());
    }

    static Optional<OrderQueries.Position> orders(String cursor) {
        return Optional.ofNullable(cursor).map(c -> {
            String[] parts = decode(c, ORDERS, 3);
            try {
                return new OrderQueries.Position(Instant.ofEpochMilli(Long.parseLong(parts[1])), uuid(parts[2]));
            } catch (RuntimeException e) {
                throw invalid();
            }
        });
    }

    static Optional<CallbackOutbox.JournalPosition> journal(String cursor) {
        return Optional.ofNullable(cursor).map(c -> {
            String[] parts = decode(c, JOURNAL, 4);
            try {
                return new CallbackOutbox.JournalPosition(Instant.ofEpochMilli(Long.parseLong(parts[1])), uuid(parts[2]),
                        Long.parseLong(parts[3]));
            } catch (RuntimeException e) {
                throw invalid();
            }
        });
    }

    /** Strict: {@link UUID#fromString} also takes shortened groups, which a cut cursor would otherwise pass as. */
    private static UUID uuid(String text) {
        UUID uuid = UUID.fromString(text);
        if (!uuid.toString().equals(text)) {
            throw invalid();
        }
        return uuid;
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor, String kind, int parts) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String[] split = text.split("\\|", -1);
        if (split.length != parts || !split[0].equals(kind)) {
            throw invalid();
        }
        return split;
    }

    private static QwireException invalid() {
        return new QwireException(ErrorCode.INVALID_PARAMETER, "Parameter 'cursor' is not a cursor this list issued.",
                List.of(new FieldViolation("cursor", "pass the nextCursor of the previous page unchanged")));
    }
}
