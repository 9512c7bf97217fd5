package com.qwire.mock.callback.infra;

import com.qwire.mock.callback.domain.Receipt;
import com.qwire.mock.callback.domain.ReceiptSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The compact form the index keeps (issue 8) gives back exactly what it was given. */
class ReceiptIndexTest {
    private static final Instant AT = Instant.parse("2026-11-30T01:31:28.214390415Z");

    private static Receipt receipt(UUID reference, String webhookId, UUID eventId, String status, Instant at) {
        return new Receipt(at, "trace-1", webhookId, eventId, reference, status, 3, Map.of(), "{}", true, true, 200, null);
    }

    @Test
    void aReceiptComesBackAsItWasGivenToTheNanosecond() {
        ReceiptIndex index = new ReceiptIndex(100, 10);
        UUID reference = UUID.randomUUID();
        UUID event = UUID.fromString("01a22a14-0813-77a8-9e53-7a5568b92718");
        index.add(receipt(reference, event.toString(), event, "PROCESSING", AT), true);
        index.add(new Receipt(AT.plusNanos(1), "trace-2", "not-a-uuid", null, reference, "FAILED", 1, Map.of(), "{}",
                false, false, 401, null), true);

        assertThat(index.history(reference).receipts()).containsExactly(
                new ReceiptSummary(AT, event, "PROCESSING", 3, true, true),
                new ReceiptSummary(AT.plusNanos(1), null, "FAILED", 1, false, false));
    }

    @Test
    void webhookIdsAreRecognisedInAnyCaseAndUuidsNeverCollideWithOtherIds() {
        ReceiptIndex index = new ReceiptIndex(100, 10);
        UUID reference = UUID.randomUUID();
        String id = "01A22A14-0813-77A8-9E53-7A5568B92718".toLowerCase();

        assertThat(index.firstSighting(reference, id)).isTrue();
        assertThat(index.firstSighting(reference, id)).as("the same id again").isFalse();
        assertThat(index.firstSighting(reference, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")).isTrue();
        assertThat(index.firstSighting(reference, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")).isFalse();
        assertThat(index.firstSighting(reference, "01a22a14-0813-77a8-9e53-7a5568b9271g")).as("not hex: another id").isTrue();
        assertThat(index.firstSighting(reference, "01a22a14x0813-77a8-9e53-7a5568b92718")).as("a dash missing: another id").isTrue();

        index.forget(reference, id);
        assertThat(index.firstSighting(reference, id)).as("forgotten, so seen for the first time again").isTrue();
        index.forget(reference, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
        assertThat(index.firstSighting(reference, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W")).isTrue();
    }

    @Test
    void idKeyHoldsOnlyCanonicalUuidsAsUuids() {
        assertThat(ReceiptIndex.idKey("01a22a14-0813-77a8-9e53-7a5568b92718"))
                .isEqualTo(UUID.fromString("01a22a14-0813-77a8-9e53-7a5568b92718"));
        assertThat(ReceiptIndex.idKey("01A22A14-0813-77A8-9E53-7A5568B92718")).as("upper case is left to dedupeKey").isInstanceOf(String.class);
        assertThat(ReceiptIndex.idKey("1-1-1-1-1")).isEqualTo("1-1-1-1-1");
        assertThat(ReceiptIndex.idKey("01a22a14-0813-77a8-9e53-7a5568b927189")).isInstanceOf(String.class);
    }

    @Test
    void theEldestWebhookIdGoesPastTheBoundPerReference() {
        ReceiptIndex index = new ReceiptIndex(100, 3);
        UUID reference = UUID.randomUUID();
        List<String> ids = List.of(UUID.randomUUID().toString(), "b", UUID.randomUUID().toString(), "d");
        ids.forEach(id -> assertThat(index.firstSighting(reference, id)).isTrue());

        assertThat(index.firstSighting(reference, ids.get(3))).isFalse();
        assertThat(index.firstSighting(reference, ids.get(1))).isFalse();
        assertThat(index.firstSighting(reference, ids.get(0))).as("the eldest was let go").isTrue();
    }

    /** Past 16 ids a reference looks them up in a hash set: the same answers as the linear search. */
    @Test
    void aReferenceWithManyWebhookIdsDedupesForgetsAndLetsTheEldestGoAsWithFew() {
        ReceiptIndex index = new ReceiptIndex(100_000, 40);
        UUID reference = UUID.randomUUID();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(i % 2 == 0 ? UUID.randomUUID().toString() : "wh-" + i);
            assertThat(index.firstSighting(reference, ids.get(i))).isTrue();
        }
        ids.forEach(id -> assertThat(index.firstSighting(reference, id)).as(id).isFalse());

        index.forget(reference, ids.get(20));
        assertThat(index.firstSighting(reference, ids.get(20))).as("forgotten, then seen again").isTrue();
        // 40 held again (ids.get(20) went and came back as the newest): one more lets the eldest, ids.get(0), go.
        assertThat(index.firstSighting(reference, "wh-new")).isTrue();
        assertThat(index.firstSighting(reference, ids.get(1))).as("the second eldest stays").isFalse();
        assertThat(index.firstSighting(reference, ids.get(0))).as("the eldest was let go").isTrue();
    }

    @Test
    void statusesAreSharedUpToTheirBoundAndStayRightPastIt() {
        ReceiptIndex index = new ReceiptIndex(1000, 10);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        index.add(receipt(first, "a", UUID.randomUUID(), new String("COMPLETED".toCharArray()), AT), true);
        index.add(receipt(second, "b", UUID.randomUUID(), new String("COMPLETED".toCharArray()), AT), true);
        assertThat(index.history(second).receipts().get(0).status()).as("one copy kept")
                .isSameAs(index.history(first).receipts().get(0).status());

        for (int i = 0; i < ReceiptIndex.MAX_SHARED_STATUSES + 5; i++) {
            index.add(receipt(UUID.randomUUID(), "c" + i, UUID.randomUUID(), "STATUS-" + i, AT), true);
        }
        UUID late = UUID.randomUUID();
        index.add(receipt(late, "d", UUID.randomUUID(), "STATUS-LATE", AT), true);
        assertThat(index.history(late).receipts()).extracting(ReceiptSummary::status).containsExactly("STATUS-LATE");

        index.clear();
        assertThat(index.size()).isZero();
        assertThat(index.references()).isZero();
    }
}
