package com.qwire.mock.callback.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.random.RandomSource;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Faults injected into the receiver for tests: each applies to the next {@code count} matching deliveries. */
public final class ReceiverFaults {
    private final RandomSource random;
    private final Clock clock;
    private final List<Fault> active = new ArrayList<>();

    public ReceiverFaults(RandomSource random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    public enum Action { FAIL, DELAY, DROP }

    /** What to inject; {@code reference} null means every order. */
    public record Rule(UUID reference, Action action, int count, Integer status, Integer retryAfterSeconds, Integer delayMs) {
    }

    public record Fault(UUID id, Rule rule, int remaining, Instant createdAt) {
        String describe() {
            return switch (rule.action()) {
                case FAIL -> "FAIL " + rule.status();
                case DELAY -> "DELAY " + rule.delayMs() + " ms";
                case DROP -> "DROP";
            };
        }
    }

    /** The most faults active at once (each is matched against every callback, and they live in memory). */
    public static final int MAX_ACTIVE = 1000;

    public synchronized Fault add(Rule rule) {
        List<FieldViolation> violations = new ArrayList<>();
        if (rule.action() == Action.FAIL && rule.status() == null) {
            violations.add(new FieldViolation("status", "is required for FAIL"));
        }
        if (rule.action() == Action.DELAY && rule.delayMs() == null) {
            violations.add(new FieldViolation("delayMs", "is required for DELAY"));
        }
        if (rule.action() != Action.FAIL && (rule.status() != null || rule.retryAfterSeconds() != null)) {
            violations.add(new FieldViolation(rule.status() != null ? "status" : "retryAfterSeconds", "applies to FAIL only"));
        }
        if (rule.action() != Action.DELAY && rule.delayMs() != null) {
            violations.add(new FieldViolation("delayMs", "applies to DELAY only"));
        }
        if (!violations.isEmpty()) {
            throw new QwireException(ErrorCode.VALIDATION_FAILED, violations.size() == 1 ? "1 field is invalid." : violations.size() + " fields are invalid.", violations);
        }
        if (active.size() >= MAX_ACTIVE) {
            throw new QwireException(ErrorCode.LIMIT_REACHED, "There are already " + MAX_ACTIVE + " active faults, the most the receiver "
                    + "keeps; remove some (DELETE /v1/admin/faults/{faultId}) or clear them first.",
                    List.of(new FieldViolation("faults", "at most " + MAX_ACTIVE + " active")));
        }
        Fault fault = new Fault(random.uuid(), rule, rule.count(), clock.instant());
        active.add(fault);
        return fault;
    }

    public synchronized List<Fault> list() {
        return List.copyOf(active);
    }

    public synchronized void clear() {
        active.clear();
    }

    public synchronized void remove(UUID id) {
        if (!active.removeIf(f -> f.id().equals(id))) {
            throw new QwireException(ErrorCode.FAULT_NOT_FOUND, "No active fault has id " + id + ".");
        }
    }

    /** Uses up one delivery of the oldest fault matching {@code reference}, if any. */
    synchronized Optional<Fault> take(UUID reference) {
        for (int i = 0; i < active.size(); i++) {
            Fault f = active.get(i);
            if (f.rule().reference() == null || f.rule().reference().equals(reference)) {
                Fault used = new Fault(f.id(), f.rule(), f.remaining() - 1, f.createdAt());
                if (used.remaining() == 0) {
                    active.remove(i);
                } else {
                    active.set(i, used);
                }
                return Optional.of(used);
            }
        }
        return Optional.empty();
    }
}
