package com.qwire.mock.callback.infra;

import com.qwire.mock.callback.domain.CallbackReceiver;
import com.qwire.mock.callback.domain.Receipt;
import com.qwire.mock.callback.domain.ReceiptHistory;
import com.qwire.mock.callback.domain.ReceiptSummary;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The receiver's memory, bounded: at most {@code maxPerReference} receipts and webhook ids per
 * reference (the oldest go first and are counted as omitted) and at most {@code maxTotal} receipts
 * in all; past that, whole references are let go, the least recently first seen first. What is
 * let go stays in the log on disk; only the answers of GET /v1/check forget it, and say so.
 *
 * <p>Kept compact (issue 8: the index at its default cap was most of the heap): a receipt is one small
 * object of primitives ({@link Held}, its status shared with the others), a webhook id in canonical
 * UUID form is held as a {@link UUID}, a reference's receipts sit in a small array deque, and its ids in
 * another, searched linearly, until there are more than 16 (then in a linked hash set). About 190 bytes per receipt at two receipts
 * per reference, against 390 with the summaries, their Instants and UUIDs and a LinkedHashSet per reference.
 */
final class ReceiptIndex {
    /** Statuses are a handful of words sent again and again: one copy of each is kept, up to this many. */
    static final int MAX_SHARED_STATUSES = 64;
    private final Map<String, String> statuses = new HashMap<>();
    private final int maxTotal;
    private final int maxPerReference;
    /** In the order references were first seen: the eldest is the one let go. */
    private final LinkedHashMap<UUID, Entry> references = new LinkedHashMap<>();
    private long total;
    private Instant retainedSince;

    ReceiptIndex(int maxTotal, int maxPerReference) {
        if (maxTotal < 1 || maxPerReference < 1) {
            throw new IllegalArgumentException("receipt index bounds must be positive");
        }
        this.maxTotal = maxTotal;
        this.maxPerReference = maxPerReference;
    }

    synchronized boolean firstSighting(UUID reference, String webhookId) {
        return references.computeIfAbsent(reference, r -> new Entry()).see(idKey(webhookId), maxPerReference);
    }

    synchronized void forget(UUID reference, String webhookId) {
        Entry entry = references.get(reference);
        if (entry != null) {
            entry.forget(idKey(webhookId));
        }
    }

    /** /check lists what arrived, verified or refused for a bad signature, but not what a fault turned away. */
    synchronized void add(Receipt receipt, boolean markSeen) {
        if (receipt.reference() == null || receipt.fault() != null) {
            return;
        }
        Entry entry = references.computeIfAbsent(receipt.reference(), r -> new Entry());
        if (markSeen && receipt.signatureValid()) {
            entry.see(idKey(CallbackReceiver.dedupeKey(receipt.webhookId())), maxPerReference);
        }
        entry.receipts.addLast(Held.of(receipt, sharedStatus(receipt.status())));
        if (entry.receipts.size() > maxPerReference) {
            entry.receipts.removeFirst();
            entry.omitted++;
        } else {
            total++;
        }
        Iterator<Map.Entry<UUID, Entry>> eldest = references.entrySet().iterator();
        while (total > maxTotal && eldest.hasNext()) {
            Entry gone = eldest.next().getValue();
            if (gone == entry) {
                continue; // the receipt just recorded stays
            }
            total -= gone.receipts.size();
            if (!gone.receipts.isEmpty()) {
                Instant last = gone.receipts.getLast().receivedAt();
                retainedSince = retainedSince == null || last.isAfter(retainedSince) ? last : retainedSince;
            }
            eldest.remove();
        }
    }

    /** Receipts before {@code since} may be missing (their log files went by retention). */
    synchronized void retainSince(Instant since) {
        retainedSince = retainedSince == null || since.isAfter(retainedSince) ? since : retainedSince;
    }

    synchronized ReceiptHistory history(UUID reference) {
        Entry entry = references.get(reference);
        Optional<Instant> since = Optional.ofNullable(retainedSince);
        return entry == null ? new ReceiptHistory(List.of(), 0, since)
                : new ReceiptHistory(entry.receipts.stream().map(Held::summary).toList(), entry.omitted, since);
    }

    synchronized void clear() {
        references.clear();
        statuses.clear();
        total = 0;
        retainedSince = null;
    }

    synchronized long size() {
        return total;
    }

    synchronized int references() {
        return references.size();
    }

    private String sharedStatus(String status) {
        if (status == null) {
            return null;
        }
        String shared = statuses.get(status);
        if (shared == null && statuses.size() < MAX_SHARED_STATUSES) {
            statuses.put(status, status);
            shared = status;
        }
        return shared == null ? status : shared;
    }

    /** A webhook id as the index holds it: a lower-case canonical UUID as a {@link UUID} (32 bytes instead of 80), any other as given. */
    static Object idKey(String webhookId) {
        if (webhookId == null || webhookId.length() != 36) {
            return webhookId;
        }
        for (int i = 0; i < 36; i++) {
            char c = webhookId.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return webhookId;
            }
        }
        return UUID.fromString(webhookId); // canonical: its toString() gives back the same text, so equal ids stay equal
    }

    private static final class Entry {
        /** Past this many webhook ids a reference's ids move to a linked hash set, so a large per-reference bound stays O(1) per receipt. */
        private static final int LINEAR_IDS = 16;
        final ArrayDeque<Held> receipts = new ArrayDeque<>(2);
        /** In arrival order, bounded to maxPerReference, the eldest first: a small array deque, a linked hash set once large. */
        private Collection<Object> webhookIds = new ArrayDeque<>(2);
        int omitted;

        boolean see(Object webhookId, int max) {
            if (webhookIds.contains(webhookId)) {
                return false;
            }
            if (webhookIds.size() == LINEAR_IDS && webhookIds instanceof ArrayDeque) {
                webhookIds = new LinkedHashSet<>(webhookIds);
            }
            webhookIds.add(webhookId);
            if (webhookIds.size() > max) {
                Iterator<Object> eldest = webhookIds.iterator();
                eldest.next();
                eldest.remove();
            }
            return true;
        }

        void forget(Object webhookId) {
            webhookIds.remove(webhookId);
        }
    }

    /** One receipt as the index holds it: primitives and a shared status, turned back into a summary when asked. */
    private record Held(long seconds, int nanos, long eventHigh, long eventLow, boolean hasEvent, String status, int attempt,
                        boolean duplicate, boolean signatureValid) {

        static Held of(Receipt receipt, String status) {
            UUID event = receipt.eventId();
            return new Held(receipt.receivedAt().getEpochSecond(), receipt.receivedAt().getNano(),
                    event == null ? 0 : event.getMostSignificantBits(), event == null ? 0 : event.getLeastSignificantBits(),
                    event != null, status, receipt.attempt(), receipt.duplicate(), receipt.signatureValid());
        }

        Instant receivedAt() {
            return Instant.ofEpochSecond(seconds, nanos);
        }

        ReceiptSummary summary() {
            return new ReceiptSummary(receivedAt(), hasEvent ? new UUID(eventHigh, eventLow) : null, status, attempt, duplicate,
                    signatureValid);
        }
    }
}
