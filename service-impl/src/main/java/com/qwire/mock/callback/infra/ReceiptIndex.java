package com.qwire.mock.callback.infra;

import com.qwire.mock.callback.domain.CallbackReceiver;
import com.qwire.mock.callback.domain.Receipt;
import com.qwire.mock.callback.domain.ReceiptHistory;
import com.qwire.mock.callback.domain.ReceiptSummary;

import java.time.Instant;
import java.util.ArrayDeque;
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
 */
final class ReceiptIndex {
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
        return references.computeIfAbsent(reference, r -> new Entry()).see(webhookId, maxPerReference);
    }

    synchronized void forget(UUID reference, String webhookId) {
        Entry entry = references.get(reference);
        if (entry != null) {
            entry.webhookIds.remove(webhookId);
        }
    }

    /** /check lists what arrived, verified or refused for a bad signature, but not what a fault turned away. */
    synchronized void add(Receipt receipt, boolean markSeen) {
        if (receipt.reference() == null || receipt.fault() != null) {
            return;
        }
        Entry entry = references.computeIfAbsent(receipt.reference(), r -> new Entry());
        if (markSeen && receipt.signatureValid()) {
            entry.see(CallbackReceiver.dedupeKey(receipt.webhookId()), maxPerReference);
        }
        entry.receipts.addLast(ReceiptSummary.of(receipt));
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
                : new ReceiptHistory(List.copyOf(entry.receipts), entry.omitted, since);
    }

    synchronized void clear() {
        references.clear();
        total = 0;
        retainedSince = null;
    }

    synchronized long size() {
        return total;
    }

    synchronized int references() {
        return references.size();
    }

    private static final class Entry {
        final ArrayDeque<ReceiptSummary> receipts = new ArrayDeque<>(4);
        final LinkedHashSet<String> webhookIds = new LinkedHashSet<>(4);
        int omitted;

        boolean see(String webhookId, int max) {
            if (!webhookIds.add(webhookId)) {
                return false;
            }
            if (webhookIds.size() > max) {
                Iterator<String> eldest = webhookIds.iterator();
                eldest.next();
                eldest.remove();
            }
            return true;
        }
    }
}
