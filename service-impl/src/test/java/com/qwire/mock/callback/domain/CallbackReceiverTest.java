package com.qwire.mock.callback.domain;

import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.random.RandomSource;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
    private final ReceiverFaults faults = new ReceiverFaults(RandomSource.create(OptionalLong.of(1)), CLOCK);
    private final CallbackReceiver receiver = new CallbackReceiver(SIGNATURES, store, faults, CLOCK);

    /** The event id a test names "w-1", …: as on the wire, the webhook-id is the event id. */
    private static UUID event(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static CallbackReceiver.Incoming incoming(String name, long timestamp, String signature, String body) {
        return new CallbackReceiver.Incoming(event(name).toString(), Long.toString(timestamp), signature, 1, "trace", event(name), REFERENCE,
                "PROCESSING", body, Map.of());
    }

    private static CallbackReceiver.Incoming signed(String name, String body) {
        return incoming(name, NOW.getEpochSecond(), SIGNATURES.sign(event(name).toString(), NOW.getEpochSecond(), body), body);
    }

    @Test
    void aWebhookIdOtherThanTheEventIdIsRefusedUnrecordedEvenWhenSigned() {
        String other = UUID.randomUUID().toString();
        CallbackReceiver.Incoming mismatched = new CallbackReceiver.Incoming(other, Long.toString(NOW.getEpochSecond()),
                SIGNATURES.sign(other, NOW.getEpochSecond(), "{}"), 1, "trace", event("w-9"), REFERENCE, "PROCESSING", "{}", Map.of());
        QwireException refused = catchThrowableOfType(QwireException.class, () -> receiver.receive(mismatched));
        assertThat(refused.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(refused.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("webhook-id");
            assertThat(v.message()).contains(event("w-9").toString());
        });
        assertThat(store.recorded(REFERENCE)).isEmpty();
        assertThat(receiver.receive(signed("w-9", "{}")).receipt().duplicate()).isFalse();
        CallbackReceiver.Incoming upperCase = incoming("w-9", NOW.getEpochSecond(), null, "{}");
        String id = event("w-9").toString().toUpperCase(java.util.Locale.ROOT);
        assertThat(receiver.receive(new CallbackReceiver.Incoming(id, upperCase.timestamp(), SIGNATURES.sign(id, NOW.getEpochSecond(), "{}"),
                1, "trace", event("w-9"), REFERENCE, "PROCESSING", "{}", Map.of())).receipt().duplicate()).as("UUIDs compare case-insensitively").isTrue();
    }

    @Test
    void firstReceiptIsNewTheRepeatIsADuplicateAndBothAreRecorded() {
        assertThat(receiver.receive(signed("w-1", "{}")).receipt().duplicate()).isFalse();
        assertThat(receiver.receive(signed("w-1", "{}")).receipt().duplicate()).isTrue();
        assertThat(store.recorded(REFERENCE)).extracting(Receipt::duplicate).containsExactly(false, true);
    }

    @Test
    void badOrStaleSignaturesAreRefusedButRecorded() {
        QwireException invalid = catchThrowableOfType(QwireException.class,
                () -> receiver.receive(incoming("w-2", NOW.getEpochSecond(), "v1,AAAA", "{}")));
        assertThat(invalid.code()).isEqualTo(ErrorCode.SIGNATURE_INVALID);
        long stale = NOW.getEpochSecond() - 301;
        QwireException expired = catchThrowableOfType(QwireException.class,
                () -> receiver.receive(incoming("w-3", stale, SIGNATURES.sign(event("w-3").toString(), stale, "{}"), "{}")));
        assertThat(expired.code()).isEqualTo(ErrorCode.SIGNATURE_EXPIRED);
        assertThat(store.recorded(REFERENCE)).extracting(Receipt::signatureValid, Receipt::responseStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(false, 401), org.assertj.core.groups.Tuple.tuple(false, 401));
        assertThat(receiver.receive(signed("w-2", "{}")).receipt().duplicate()).as("a refused id was never seen").isFalse();
    }

    @Test
    void aReceiptThatCannotBeRecordedIsNotRememberedAsSeen() {
        store.failNextAppend = true;
        assertThatThrownBy(() -> receiver.receive(signed("w-4", "{}"))).isInstanceOf(IllegalStateException.class);
        assertThat(receiver.receive(signed("w-4", "{}")).receipt().duplicate()).as("the sender's retry is the first recorded receipt").isFalse();
    }

    @Test
    void anInjectedFailureIsUsedUpAfterItsCountAndItsReceiptsDoNotCount() {
        faults.add(new ReceiverFaults.Rule(REFERENCE, ReceiverFaults.Action.FAIL, 2, 503, 7, null));
        for (int i = 0; i < 2; i++) {
            CallbackReceiver.Result result = receiver.receive(signed("w-5", "{}"));
            assertThat(result.fault().rule().status()).isEqualTo(503);
            assertThat(result.fault().remaining()).isEqualTo(1 - i);
        }
        assertThat(faults.list()).isEmpty();
        CallbackReceiver.Result third = receiver.receive(signed("w-5", "{}"));
        assertThat(third.fault()).isNull();
        assertThat(third.receipt().duplicate()).as("faulted attempts were not remembered").isFalse();
        assertThat(store.receipts).extracting(Receipt::fault, Receipt::responseStatus).containsExactly(
                org.assertj.core.groups.Tuple.tuple("FAIL 503", 503), org.assertj.core.groups.Tuple.tuple("FAIL 503", 503),
                org.assertj.core.groups.Tuple.tuple(null, 200));
        assertThat(store.receipts).extracting(Receipt::accepted).containsExactly(false, false, true);
    }

    @Test
    void faultsForAnotherOrderDoNotApplyAndAnUnscopedOneAppliesToAll() {
        faults.add(new ReceiverFaults.Rule(UUID.randomUUID(), ReceiverFaults.Action.DROP, 1, null, null, null));
        assertThat(receiver.receive(signed("w-6", "{}")).fault()).isNull();
        faults.add(new ReceiverFaults.Rule(null, ReceiverFaults.Action.DROP, 1, null, null, null));
        CallbackReceiver.Result dropped = receiver.receive(signed("w-7", "{}"));
        assertThat(dropped.fault().rule().action()).isEqualTo(ReceiverFaults.Action.DROP);
        assertThat(store.receipts.get(store.receipts.size() - 1).responseStatus()).isZero();
    }

    @Test
    void aDelayHandlesTheCallbackAsUsualAndHoldsItsAnswerBack() {
        List<Duration> held = new ArrayList<>();
        CallbackReceiver delaying = new CallbackReceiver(SIGNATURES, store, faults, CLOCK, ReceiverMetrics.NONE, held::add);
        faults.add(new ReceiverFaults.Rule(REFERENCE, ReceiverFaults.Action.DELAY, 1, null, null, 80));
        CallbackReceiver.Result result = delaying.receive(signed("w-8", "{}"));
        assertThat(held).containsExactly(Duration.ofMillis(80));
        assertThat(result.fault()).isNull();
        assertThat(result.receipt().accepted()).isTrue();
        assertThat(store.receipts).as("recorded at once, before the answer goes out").hasSize(1);

        delaying.receive(signed("w-9", "{}"));
        assertThat(held).as("the rule's count was 1").hasSize(1);
    }

    @Test
    void rulesThatDoNotFitTheirActionAreRefused() {
        QwireException noStatus = catchThrowableOfType(QwireException.class,
                () -> faults.add(new ReceiverFaults.Rule(null, ReceiverFaults.Action.FAIL, 1, null, null, null)));
        assertThat(noStatus.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(noStatus.violations()).extracting(com.qwire.mock.shared.errors.FieldViolation::field).containsExactly("status");
        QwireException delayWithoutTime = catchThrowableOfType(QwireException.class,
                () -> faults.add(new ReceiverFaults.Rule(null, ReceiverFaults.Action.DELAY, 1, null, null, null)));
        assertThat(delayWithoutTime.violations()).extracting(com.qwire.mock.shared.errors.FieldViolation::field).containsExactly("delayMs");
        QwireException unknown = catchThrowableOfType(QwireException.class, () -> faults.remove(UUID.randomUUID()));
        assertThat(unknown.code()).isEqualTo(ErrorCode.FAULT_NOT_FOUND);
    }

    private static final class MemoryStore implements ReceiptStore {
        final List<Receipt> receipts = new ArrayList<>();
        final Set<String> seen = new HashSet<>();
        boolean failNextAppend;

        @Override
        public boolean firstSighting(UUID reference, String webhookId) {
            return seen.add(reference + "/" + webhookId);
        }

        @Override
        public void forget(UUID reference, String webhookId) {
            seen.remove(reference + "/" + webhookId);
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
        public void reset() {
            receipts.clear();
            seen.clear();
        }

        @Override
        public ReceiptHistory byReference(UUID reference) {
            return new ReceiptHistory(recorded(reference).stream().map(ReceiptSummary::of).toList(), 0, Optional.empty());
        }

        List<Receipt> recorded(UUID reference) {
            return receipts.stream().filter(r -> reference.equals(r.reference())).toList();
        }
    }
}
