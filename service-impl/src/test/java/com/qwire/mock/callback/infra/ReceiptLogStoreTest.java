package com.qwire.mock.callback.infra;

import com.qwire.mock.callback.domain.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptLogStoreTest {

    private static Receipt receipt(UUID reference, String webhookId, boolean valid, boolean duplicate) {
        return new Receipt(Instant.parse("2026-11-21T10:00:00.123Z"), "trace-1", webhookId, UUID.randomUUID(), reference,
                "PROCESSING", 2, Map.of("webhook-id", webhookId, "Authorization", "Bearer secret-token"), "{\"x\":\"ü\"}",
                valid, duplicate, valid ? 200 : 401, null);
    }

    @Test
    void indexAndDedupeAreRebuiltFromTheFileAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        try (ReceiptLogStore store = new ReceiptLogStore(file, java.time.Clock.systemUTC())) {
            assertThat(store.firstSighting("wh-1")).isTrue();
            store.append(receipt(reference, "wh-1", true, false));
            store.append(receipt(reference, "wh-bad", false, false));
            assertThat(store.firstSighting("wh-1")).isFalse();
        }
        assertThat(Files.readAllLines(file)).hasSize(2);

        try (ReceiptLogStore reopened = new ReceiptLogStore(file, java.time.Clock.systemUTC())) {
            assertThat(reopened.byReference(reference)).hasSize(2);
            Receipt first = reopened.byReference(reference).get(0);
            assertThat(first.webhookId()).isEqualTo("wh-1");
            assertThat(first.attempt()).isEqualTo(2);
            assertThat(first.body()).isEqualTo("{\"x\":\"ü\"}");
            assertThat(first.receivedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
            assertThat(reopened.firstSighting("wh-1")).as("a verified id stays seen").isFalse();
            assertThat(reopened.firstSighting("wh-bad")).as("a refused one was never seen").isTrue();
            reopened.append(receipt(reference, "wh-2", true, false));
        }
        assertThat(Files.readAllLines(file)).hasSize(3);
        assertThat(Files.readString(file)).doesNotContain("secret-token").contains("\"Authorization\":\"***\"");
    }

    @Test
    void receiptsTurnedAwayByAFaultAreLoggedButNotListedNorRememberedEvenAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        Receipt faulted = new Receipt(Instant.parse("2026-11-21T10:00:00Z"), "t", "wh-f", UUID.randomUUID(), reference, "PROCESSING",
                1, Map.of(), "{}", true, false, 503, "FAIL 503");
        try (ReceiptLogStore store = new ReceiptLogStore(file, java.time.Clock.systemUTC())) {
            store.append(faulted);
            assertThat(store.byReference(reference)).isEmpty();
        }
        assertThat(Files.readString(file)).contains("\"fault\":\"FAIL 503\"");
        try (ReceiptLogStore reopened = new ReceiptLogStore(file, java.time.Clock.systemUTC())) {
            assertThat(reopened.byReference(reference)).isEmpty();
            assertThat(reopened.firstSighting("wh-f")).isTrue();
        }
    }

    @Test
    void resetKeepsTheOldLogAsideAndStartsEmpty(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-11-21T10:15:30.250Z"), java.time.ZoneOffset.UTC);
        try (ReceiptLogStore store = new ReceiptLogStore(file, clock)) {
            store.firstSighting("wh-r");
            store.append(receipt(reference, "wh-r", true, false));
            store.reset();
            assertThat(store.byReference(reference)).isEmpty();
            assertThat(store.firstSighting("wh-r")).isTrue();
            store.append(receipt(reference, "wh-new", true, false));
        }
        Path aside = dir.resolve("callback-received.20261121T101530.250.log");
        assertThat(Files.readAllLines(aside)).hasSize(1).allMatch(l -> l.contains("wh-r"));
        assertThat(Files.readAllLines(file)).hasSize(1).allMatch(l -> l.contains("wh-new"));
        try (ReceiptLogStore reopened = new ReceiptLogStore(file, clock)) {
            assertThat(reopened.byReference(reference)).extracting(Receipt::webhookId).containsExactly("wh-new");
        }
    }

    @Test
    void unknownReferenceHasNoReceipts(@TempDir Path dir) {
        try (ReceiptLogStore store = new ReceiptLogStore(dir.resolve("r.log"), java.time.Clock.systemUTC())) {
            assertThat(store.byReference(UUID.randomUUID())).isEmpty();
        }
    }
}
