package com.qwire.mock.callback.domain;

import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CallbackReceiverTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final WebhookSignatures SIGNATURES = new WebhookSignatures(Config.DEFAULT_WEBHOOK_SECRET, CLOCK);
    private static final UUID REFERENCE = UUID.randomUUID();

    private final MemoryStore store = new MemoryStore();
    private final CallbackReceiver receiver = new CallbackReceiver(SIGNATURES, store, CLOCK);

    private static CallbackReceiver.Incoming incoming(String id, long timestamp, String signature, String body) {
        return new CallbackReceiver.Incoming(id, Long.toString(timestamp), signature, 1, "trace", UUID.randomUUID(), REFERENCE,
                "PROCESSING", body, Map.of());
    }

    private static CallbackReceiver.Incoming signed(String id, String body) {
        return incoming(id, NOW.getEpochSecond(), SIGNATURES.sign(id, NOW.getEpochSecond(), body), body);
    }

    @Test
    void firstReceiptIsNewTheRepeatIsADuplicateAndBothAreRecorded() {
        assertThat(receiver.receive(signed("w-1", "{}")).duplicate()).isFalse();
        assertThat(receiver.receive(signed("w-1", "{}")).duplicate()).isTrue();
        assertThat(store.byReference(REFERENCE)).extracting(Receipt::duplicate).containsExactly(false, true);
    }

    @Test
    void badOrStaleSignaturesAreRefusedButRecorded() {
        QwireException invalid = catchThrowableOfType(QwireException.class,
                () -> receiver.receive(incoming("w-2", NOW.getEpochSecond(), "v1,AAAA", "{}")));
        assertThat(invalid.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
        long stale = NOW.getEpochSecond() - 301;
        QwireException expired = catchThrowableOfType(QwireException.class,
                () -> receiver.receive(incoming("w-3", stale, SIGNATURES.sign("w-3", stale, "{}"), "{}")));
        assertThat(expired.code()).isEqualTo(ErrorCode.SIGNATURE_EXPIRED);
        assertThat(store.byReference(REFERENCE)).extracting(Receipt::signatureValid, Receipt::responseStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(false, 401), org.assertj.core.groups.Tuple.tuple(false, 401));
        assertThat(receiver.receive(signed("w-2", "{}")).duplicate()).as("a refused id was never seen").isFalse();
    }

    @Test
    void aReceiptThatCannotBeRecordedIsNotRememberedAsSeen() {
        store.failNextAppend = true;
        assertThatThrownBy(() -> receiver.receive(signed("w-4", "{}"))).isInstanceOf(IllegalStateException.class);
        assertThat(receiver.receive(signed("w-4", "{}")).duplicate()).as("the sender's retry is the first recorded receipt").isFalse();
    }

    private static final class MemoryStore implements ReceiptStore {
        final List<Receipt> receipts = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        boolean failNextAppend;

        @Override
        public boolean firstSighting(String webhookId) {
            return seen.add(webhookId);
        }

        @Override
        public void forget(String webhookId) {
            seen.remove(webhookId);
        }

        @Override
        public void append(Receipt receipt) {
            if (failNextAppend) {
                failNextAppend = false;
                throw new IllegalStateException("disk full");
            }
            receipts.add(receipt);
        }

        @Override
        public List<Receipt> byReference(UUID reference) {
            return receipts.stream().filter(r -> reference.equals(r.reference())).toList();
        }
    }
}
