package com.qwire.mock.callback.infra;

import com.qwire.mock.callback.domain.Receipt;
import com.qwire.mock.callback.domain.ReceiptHistory;
import com.qwire.mock.callback.domain.ReceiptSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.qwire.mock.shared.clock.PlatformClock;
import com.qwire.mock.shared.config.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReceiptLogStoreTest {
    private static final Instant AT = Instant.parse("2026-11-21T10:00:00.123Z");

    private static Receipt receipt(UUID reference, String webhookId, boolean valid, boolean duplicate) {
        return receipt(reference, webhookId, valid, duplicate, AT);
    }

    private static Receipt receipt(UUID reference, String webhookId, boolean valid, boolean duplicate, Instant at) {
        return new Receipt(at, "trace-1", webhookId, UUID.randomUUID(), reference,
                "PROCESSING", 2, Map.of("webhook-id", webhookId, "Authorization", "Bearer secret-token", "X-Api-Key", "key-123"), "{\"x\":\"ü\"}",
                valid, duplicate, valid ? 200 : 401, null);
    }

    private static ReceiptLogStore open(Path file) {
        return new ReceiptLogStore(file, Clock.systemUTC(), Clock.systemUTC(), 1000, 100);
    }

    @Test
    void indexAndDedupeAreRebuiltFromTheFileAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        try (ReceiptLogStore store = open(file)) {
            assertThat(store.firstSighting(reference, "wh-1")).isTrue();
            store.append(receipt(reference, "wh-1", true, false));
            store.append(receipt(reference, "wh-bad", false, false));
            assertThat(store.firstSighting(reference, "wh-1")).isFalse();
        }
        assertThat(Files.readAllLines(file)).hasSize(2);

        try (ReceiptLogStore reopened = open(file)) {
            ReceiptHistory history = reopened.byReference(reference);
            assertThat(history.receipts()).hasSize(2);
            assertThat(history.received()).isTrue();
            assertThat(history.omitted()).isZero();
            assertThat(history.retainedSince()).isEmpty();
            ReceiptSummary first = history.receipts().get(0);
            assertThat(first.attempt()).isEqualTo(2);
            assertThat(first.status()).isEqualTo("PROCESSING");
            assertThat(first.receivedAt()).isEqualTo(AT);
            assertThat(history.receipts().get(1).signatureValid()).isFalse();
            assertThat(reopened.firstSighting(reference, "wh-1")).as("a verified id stays seen").isFalse();
            assertThat(reopened.firstSighting(reference, "wh-bad")).as("a refused one was never seen").isTrue();
            reopened.append(receipt(reference, "wh-2", true, false));
        }
        assertThat(Files.readAllLines(file)).hasSize(3);
        assertThat(Files.readString(file)).doesNotContain("secret-token").doesNotContain("key-123")
                .contains("\"Authorization\":\"***\"").contains("\"X-Api-Key\":\"***\"")
                .contains("\"body\":\"{\\\"x\\\":\\\"ü\\\"}\"");
    }

    @Test
    void receiptsTurnedAwayByAFaultAreLoggedButNotListedNorRememberedEvenAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        Receipt faulted = new Receipt(AT, "t", "wh-f", UUID.randomUUID(), reference, "PROCESSING",
                1, Map.of(), "{}", true, false, 503, "FAIL 503");
        try (ReceiptLogStore store = open(file)) {
            store.append(faulted);
            assertThat(store.byReference(reference).receipts()).isEmpty();
        }
        assertThat(Files.readString(file)).contains("\"fault\":\"FAIL 503\"");
        try (ReceiptLogStore reopened = open(file)) {
            assertThat(reopened.byReference(reference).receipts()).isEmpty();
            assertThat(reopened.firstSighting(reference, "wh-f")).isTrue();
        }
    }

    @Test
    void resetKeepsTheOldLogAsideAndStartsEmpty(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:15:30.250Z"), ZoneOffset.UTC);
        try (ReceiptLogStore store = new ReceiptLogStore(file, clock, clock, 1000, 100)) {
            store.firstSighting(reference, "wh-r");
            store.append(receipt(reference, "wh-r", true, false));
            store.reset();
            assertThat(store.byReference(reference).receipts()).isEmpty();
            assertThat(store.firstSighting(reference, "wh-r")).isTrue();
            store.append(receipt(reference, "wh-new", true, false, AT.plusSeconds(1)));
        }
        Path aside = dir.resolve("callback-received.20261121T101530.250.log");
        assertThat(Files.readAllLines(aside)).hasSize(1).allMatch(l -> l.contains("wh-r"));
        assertThat(Files.readAllLines(file)).hasSize(1).allMatch(l -> l.contains("wh-new"));
        try (ReceiptLogStore reopened = new ReceiptLogStore(file, clock, clock, 1000, 100)) {
            assertThat(reopened.byReference(reference).receipts()).extracting(ReceiptSummary::receivedAt).containsExactly(AT.plusSeconds(1));
        }
    }

    @Test
    void memoryIsBoundedPerReferenceAndInAllAndTheAnswerSaysWhatWasLetGo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID busy = UUID.randomUUID();
        try (ReceiptLogStore store = new ReceiptLogStore(file, Clock.systemUTC(), Clock.systemUTC(), 10, 3)) {
            for (int i = 0; i < 5; i++) {
                store.append(receipt(busy, "wh-b" + i, true, false, AT.plusSeconds(i)));
            }
            ReceiptHistory capped = store.byReference(busy);
            assertThat(capped.receipts()).extracting(ReceiptSummary::receivedAt)
                    .containsExactly(AT.plusSeconds(2), AT.plusSeconds(3), AT.plusSeconds(4));
            assertThat(capped.omitted()).isEqualTo(2);
            assertThat(capped.retainedSince()).isEmpty();

            UUID[] others = new UUID[4];
            for (int i = 0; i < others.length; i++) {
                others[i] = UUID.randomUUID();
                store.append(receipt(others[i], "wh-o" + i, true, false, AT.plusSeconds(10 + 2L * i)));
                store.append(receipt(others[i], "wh-o" + i + "x", true, false, AT.plusSeconds(11 + 2L * i)));
            }
            // 3 + 8 = 11 > 10: the eldest reference (busy) went, as a whole.
            ReceiptHistory gone = store.byReference(busy);
            assertThat(gone.receipts()).isEmpty();
            assertThat(gone.retainedSince()).contains(AT.plusSeconds(4));
            assertThat(store.byReference(others[3]).receipts()).hasSize(2);
        }
        assertThat(Files.readAllLines(file)).as("the log keeps everything").hasSize(13);
        try (ReceiptLogStore reopened = new ReceiptLogStore(file, Clock.systemUTC(), Clock.systemUTC(), 10, 3)) {
            assertThat(reopened.byReference(busy).receipts()).as("the same bounds apply when the log is read back").isEmpty();
            assertThat(reopened.byReference(busy).retainedSince()).contains(AT.plusSeconds(4));
        }
    }

    @Test
    void aTornLastLineIsSkippedAndTheNextReceiptStartsOnItsOwnLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        try (ReceiptLogStore store = open(file)) {
            store.append(receipt(reference, "wh-1", true, false));
        }
        String whole = Files.readString(file);
        Files.writeString(file, whole.substring(0, whole.length() / 2), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (ReceiptLogStore reopened = open(file)) {
            assertThat(reopened.byReference(reference).receipts()).hasSize(1);
            reopened.append(receipt(reference, "wh-2", true, false));
        }
        try (ReceiptLogStore again = open(file)) {
            assertThat(again.byReference(reference).receipts()).hasSize(2);
            assertThat(again.firstSighting(reference, "wh-2")).isFalse();
        }
        assertThat(Files.readAllLines(file)).hasSize(3);
    }

    @Test
    void eachLineCarriesTheLogsWallClockBesideThePlatformsTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        Clock manual = Clock.fixed(Instant.parse("2026-01-01T00:00:07Z"), ZoneOffset.UTC);
        Clock wall = Clock.fixed(Instant.parse("2026-11-29T09:00:00.250Z"), ZoneOffset.UTC);
        try (ReceiptLogStore store = new ReceiptLogStore(file, manual, wall, 1000, 100)) {
            store.append(receipt(UUID.randomUUID(), "wh-1", true, false, manual.instant()));
        }
        assertThat(Files.readString(file)).startsWith("{\"@timestamp\":\"2026-11-29T09:00:00.250Z\",\"receivedAt\":\"2026-01-01T00:00:07Z\"");
    }

    @Test
    void unknownReferenceHasNoReceipts(@TempDir Path dir) {
        try (ReceiptLogStore store = open(dir.resolve("r.log"))) {
            assertThat(store.byReference(UUID.randomUUID()).receipts()).isEmpty();
        }
    }

    private static Config.LogRetention retention(long maxFileBytes, long totalBytes) {
        return new Config.LogRetention(maxFileBytes, 7, totalBytes);
    }

    private static List<String> names(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theLogRollsAtItsSizeAndCheckReadsAcrossTheRolledFilesAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        String today = java.time.LocalDate.now(ZoneOffset.UTC).toString();
        try (ReceiptLogStore store = new ReceiptLogStore(file, Clock.systemUTC(), Clock.systemUTC(), 1000, 100, retention(2048, 1 << 20), Config.DEFAULT_SENSITIVE_HEADERS)) {
            for (int i = 0; i < 20; i++) {
                store.append(receipt(reference, "wh-" + i, true, false, AT.plusSeconds(i)));
            }
            assertThat(store.byReference(reference).receipts()).hasSize(20);
        }
        List<String> names = names(dir);
        assertThat(names).contains("callback-received.log", "callback-received." + today + ".0.log", "callback-received." + today + ".1.log");
        for (String name : names) {
            assertThat(Files.size(dir.resolve(name))).as(name).isLessThan(2048 + 1024);
        }
        try (ReceiptLogStore reopened = new ReceiptLogStore(file, Clock.systemUTC(), Clock.systemUTC(), 1000, 100, retention(2048, 1 << 20), Config.DEFAULT_SENSITIVE_HEADERS)) {
            ReceiptHistory history = reopened.byReference(reference);
            assertThat(history.receipts()).extracting(ReceiptSummary::receivedAt).as("oldest file first, in order")
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).mapToObj(AT::plusSeconds).toList());
            assertThat(history.retainedSince()).isEmpty();
            assertThat(reopened.firstSighting(reference, "wh-0")).as("dedupe holds across rolled files").isFalse();
        }
    }

    @Test
    void theLogRollsAtMidnightUtcUnderTheDayItHolds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        PlatformClock wall = PlatformClock.manual(Instant.parse("2026-11-28T23:59:59Z"));
        try (ReceiptLogStore store = new ReceiptLogStore(file, wall, wall, 1000, 100, retention(1 << 20, 1 << 30), Config.DEFAULT_SENSITIVE_HEADERS)) {
            store.append(receipt(UUID.randomUUID(), "wh-late", true, false));
            wall.moveTo(Instant.parse("2026-11-29T00:00:01Z"));
            store.append(receipt(UUID.randomUUID(), "wh-early", true, false));
        }
        assertThat(names(dir)).containsExactly("callback-received.2026-11-28.0.log", "callback-received.log");
        assertThat(Files.readString(dir.resolve("callback-received.2026-11-28.0.log"))).contains("wh-late").doesNotContain("wh-early");
        assertThat(Files.readString(file)).contains("wh-early");
    }

    @Test
    void retentionDeletesTheOldestRolledFilesAndCheckSaysSinceWhenEvenAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        Config.LogRetention tight = retention(2048, 6144);
        Instant newestGone;
        try (ReceiptLogStore store = new ReceiptLogStore(file, Clock.systemUTC(), Clock.systemUTC(), 1000, 100, tight, Config.DEFAULT_SENSITIVE_HEADERS)) {
            for (int i = 0; i < 10; i++) {
                store.append(receipt(early, "wh-e" + i, true, false, AT.plusSeconds(i)));
            }
            for (int i = 0; i < 20; i++) {
                store.append(receipt(late, "wh-l" + i, true, false, AT.plusSeconds(100 + i)));
            }
            long total = 0;
            for (String name : names(dir)) {
                total += name.endsWith(".log") && !name.equals("callback-received.log") ? Files.size(dir.resolve(name)) : 0;
            }
            assertThat(total).as("the rolled files together").isLessThanOrEqualTo(6144);
            assertThat(Files.size(file)).as("the live file on top").isLessThan(2048 + 1024);
            newestGone = store.byReference(late).retainedSince().orElseThrow();
            assertThat(newestGone).as("the newest receipt in a deleted file").isBetween(AT, AT.plusSeconds(119));
        }
        assertThat(names(dir)).contains("callback-received.retained-since");
        try (ReceiptLogStore reopened = new ReceiptLogStore(file, Clock.systemUTC(), Clock.systemUTC(), 1000, 100, tight, Config.DEFAULT_SENSITIVE_HEADERS)) {
            assertThat(reopened.byReference(early).receipts()).as("its files went").isEmpty();
            assertThat(reopened.byReference(early).retainedSince()).contains(newestGone);
            assertThat(reopened.byReference(late).receipts()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.receivedAt()).isAfter(newestGone));
        }
    }

    @Test
    void aResetPutsTheRolledFilesAsideTooSoTheyAreNotReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:15:30.250Z"), ZoneOffset.UTC);
        try (ReceiptLogStore store = new ReceiptLogStore(file, clock, Clock.systemUTC(), 1000, 100, retention(2048, 1 << 20), Config.DEFAULT_SENSITIVE_HEADERS)) {
            for (int i = 0; i < 10; i++) {
                store.append(receipt(reference, "wh-" + i, true, false, AT.plusSeconds(i)));
            }
            store.reset();
        }
        String today = java.time.LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(names(dir)).contains("callback-received.20261121T101530.250.log", "callback-received.20261121T101530.250." + today + ".0.log")
                .noneMatch(n -> n.matches("callback-received\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log"));
        try (ReceiptLogStore reopened = new ReceiptLogStore(file, clock, Clock.systemUTC(), 1000, 100, retention(2048, 1 << 20), Config.DEFAULT_SENSITIVE_HEADERS)) {
            assertThat(reopened.byReference(reference).receipts()).isEmpty();
        }
    }

    /** Issue 9, defect 4: a reset whose move fails leaves the current log open and in use (before, every later receipt got 500). */
    @Test
    void aResetThatCannotMoveTheLogLeavesItInUse(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:15:30.250Z"), ZoneOffset.UTC);
        String today = java.time.LocalDate.now(ZoneOffset.UTC).toString();
        try (ReceiptLogStore store = new ReceiptLogStore(file, clock, Clock.systemUTC(), 1000, 100, retention(2048, 1 << 20), Config.DEFAULT_SENSITIVE_HEADERS)) {
            for (int i = 0; i < 10; i++) {
                store.append(receipt(reference, "wh-" + i, true, false, AT.plusSeconds(i)));
            }
            // Where the reset would put the first rolled file, something is in the way.
            Files.createDirectories(dir.resolve("callback-received.20261121T101530.250." + today + ".0.log").resolve("in-the-way"));

            org.assertj.core.api.Assertions.assertThatThrownBy(store::reset).isInstanceOf(java.io.UncheckedIOException.class);

            store.append(receipt(reference, "wh-after", true, false, AT.plusSeconds(60)));
            assertThat(store.byReference(reference).receipts()).as("nothing forgotten").hasSize(11);
        }
        assertThat(Files.readString(file)).as("the live log still written").contains("wh-after");
        try (ReceiptLogStore reopened = new ReceiptLogStore(file, clock, Clock.systemUTC(), 1000, 100, retention(2048, 1 << 20), Config.DEFAULT_SENSITIVE_HEADERS)) {
            assertThat(reopened.byReference(reference).receipts()).hasSize(11);
        }
    }

    /** Start-up reads only the newest rolled files that fill the index (issue 9's soak: 658,569 receipts took 5.4 s to read). */
    @Test
    void atStartUpOnlyTheNewestRolledFilesThatCanFillTheIndexAreRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        List<UUID> references = new java.util.ArrayList<>();
        try (ReceiptLogStore store = new ReceiptLogStore(file, Clock.systemUTC(), Clock.systemUTC(), 1000, 100, retention(2048, 1 << 20), Config.DEFAULT_SENSITIVE_HEADERS)) {
            for (int i = 0; i < 40; i++) {
                references.add(UUID.randomUUID());
                store.append(receipt(references.get(i), "wh-" + i, true, false, AT.plusSeconds(i)));
            }
        }
        long rolledFiles = names(dir).stream().filter(n -> n.matches("callback-received\\.\\d{4}-\\d{2}-\\d{2}\\.\\d+\\.log")).count();
        assertThat(rolledFiles).as("about five receipts a file").isGreaterThanOrEqualTo(6);
        try (ReceiptLogStore reopened = new ReceiptLogStore(file, Clock.systemUTC(), Clock.systemUTC(), 12, 100, retention(2048, 1 << 20), Config.DEFAULT_SENSITIVE_HEADERS)) {
            assertThat(reopened.byReference(references.get(39)).receipts()).hasSize(1);
            assertThat(reopened.byReference(references.get(28)).receipts()).as("within the newest twelve").hasSize(1);
            assertThat(reopened.byReference(references.get(0)).receipts()).as("in a file not read").isEmpty();
            Instant since = reopened.byReference(references.get(0)).retainedSince().orElseThrow();
            assertThat(since).as("the newest receipt of the files not read").isBetween(AT, AT.plusSeconds(27));
            assertThat(reopened.byReference(references.get(39)).retainedSince()).contains(since);
        }
    }

    /** Lines written before the index's fields moved ahead of headers and body still read in full. */
    @Test
    void linesInTheEarlierFieldOrderAreStillRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback-received.log");
        UUID reference = UUID.randomUUID();
        String old = "{\"@timestamp\":\"2026-11-21T10:00:00Z\",\"receivedAt\":\"2026-11-21T10:00:00.123Z\",\"traceId\":\"t\","
                + "\"webhookId\":\"wh-old\",\"eventId\":\"" + UUID.randomUUID() + "\",\"reference\":\"" + reference + "\","
                + "\"status\":\"COMPLETED\",\"attempt\":3,\"headers\":{\"webhook-id\":\"wh-old\"},\"body\":\"{\\\"a\\\":\\\"}\\\"}\","
                + "\"signatureValid\":false,\"duplicate\":true,\"responseStatus\":401,\"fault\":null}\n";
        Files.writeString(file, old + old.replace("wh-old", "wh-old-2"));
        try (ReceiptLogStore store = open(file)) {
            assertThat(store.byReference(reference).receipts()).hasSize(2).allSatisfy(r -> {
                assertThat(r.attempt()).isEqualTo(3);
                assertThat(r.signatureValid()).isFalse();
                assertThat(r.duplicate()).isTrue();
            });
            store.append(receipt(reference, "wh-new", true, false));
        }
        try (ReceiptLogStore reopened = open(file)) {
            assertThat(reopened.byReference(reference).receipts()).extracting(ReceiptSummary::signatureValid).containsExactly(false, false, true);
        }
        assertThat(Files.readAllLines(file).get(2)).as("now the index's fields come first")
                .matches(".*\"fault\":null,\"headers\":\\{.*\"body\":\".*\"}");
    }
}
