package com.qwire.mock.order.domain;

import com.qwire.mock.shared.random.RandomSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A scripted order lifecycle: steps (wait, move to a status, what to do with that change's callback)
 * and faults on the order API itself. Checked against the state machine when defined, so every order it
 * drives can follow it; see specs/scenario-format.md.
 */
public record Scenario(String name, String description, List<Step> steps, Map<ApiOperation, ApiFault> faults, Source source) {
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    public static final int MAX_STEPS = 20;
    public static final Duration MAX_CALLBACK_DELAY = Duration.ofDays(1);

    /** Where the definition came from. */
    public enum Source { BUILT_IN, FILE, API }

    /**
     * One step. {@code index} is its position in the file (0-based), so a problem can name it.
     * {@code callbackDelay} postpones the first delivery attempt of this change's callback.
     */
    public record Step(Delay delay, OrderStatus to, String reason, CallbackMode callback, Duration callbackDelay) {
        public Step {
            if (delay == null || to == null || callback == null || callbackDelay == null) {
                throw new IllegalArgumentException("a step needs a wait, to and callback");
            }
            if (reason == null || reason.isBlank() || reason.length() > 128) {
                throw new IllegalArgumentException("reason must be 1-128 characters");
            }
            if (callbackDelay.isNegative() || callbackDelay.compareTo(MAX_CALLBACK_DELAY) > 0) {
                throw new IllegalArgumentException("callback delay must be between PT0S and " + MAX_CALLBACK_DELAY + ", got " + callbackDelay);
            }
            if (callback == CallbackMode.SKIP && !callbackDelay.isZero()) {
                throw new IllegalArgumentException("a skipped callback cannot have a delay");
            }
        }
    }

    public Scenario {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-64 lowercase letters, digits or '-', starting with a letter or digit; got '" + name + "'");
        }
        steps = List.copyOf(steps);
        faults = Map.copyOf(faults);
        description = description == null ? "" : description;
        if (steps.size() > MAX_STEPS) {
            throw new IllegalArgumentException("at most " + MAX_STEPS + " steps, got " + steps.size());
        }
        OrderStatus at = OrderStatus.CREATED;
        for (int i = 0; i < steps.size(); i++) {
            OrderStatus to = steps.get(i).to();
            if (!OrderStatus.MACHINE.allows(at, to)) {
                throw new StepException(i, "step " + (i + 1) + " moves " + at + " -> " + to + ", which the order state machine does not allow"
                        + (OrderStatus.MACHINE.isTerminal(at) ? " (" + at + " is terminal)" : ""));
            }
            at = to;
        }
    }

    /** A problem with one step (its 0-based index), so a parser can point at its line. */
    public static final class StepException extends IllegalArgumentException {
        private final int step;

        public StepException(int step, String message) {
            super(message);
            this.step = step;
        }

        public int step() {
            return step;
        }
    }

    /** The reason a step records when its file gives none. */
    public static String defaultReason(OrderStatus to) {
        return switch (to) {
            case PROCESSING -> "PROCESSING_STARTED";
            case COMPLETED -> "PROCESSING_SUCCEEDED";
            case FAILED -> "PROCESSING_FAILED";
            case REJECTED -> "REJECTED_BY_RULE";
            case CANCELLED -> "CANCELLED";
            case CREATED -> "ORDER_ACCEPTED";
        };
    }

    public Optional<ApiFault> fault(ApiOperation operation) {
        return Optional.ofNullable(faults.get(operation));
    }

    /** Draws every wait of this scenario for one order: the plan stored with it. */
    public Plan plan(RandomSource random) {
        List<Plan.Step> planned = new ArrayList<>(steps.size());
        for (Step step : steps) {
            planned.add(new Plan.Step(step.delay().sample(random), step.to(), step.reason(), step.callback(), step.callbackDelay()));
        }
        return new Plan(name, planned);
    }
}
