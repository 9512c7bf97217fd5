package com.qwire.mock.order.domain;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One order's scenario with every wait already drawn: stored with the order, so its timeline is fixed at
 * acceptance and survives restarts and later changes to the scenario's definition.
 */
public record Plan(String scenario, List<Step> steps) {
    public static final Plan NONE = new Plan(null, List.of());

    public record Step(Duration after, OrderStatus to, String reason, CallbackMode callback, Duration callbackDelay) {
    }

    public Plan {
        steps = List.copyOf(steps);
    }

    public Optional<Step> step(int index) {
        return index >= 0 && index < steps.size() ? Optional.of(steps.get(index)) : Optional.empty();
    }

    /**
     * Where the plan goes on after the order reached {@code status} by other means (a manual transition):
     * the step after the first one that reaches that status, else the first step the state machine allows
     * from it. Empty when nothing in the plan can follow.
     */
    public Optional<Integer> resumeAfter(OrderStatus status) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).to() == status) {
                return i + 1 < steps.size() ? Optional.of(i + 1) : Optional.empty();
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            if (OrderStatus.MACHINE.allows(status, steps.get(i).to())) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
