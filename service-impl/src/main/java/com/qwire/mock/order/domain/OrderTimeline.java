package com.qwire.mock.order.domain;

import com.qwire.mock.shared.random.RandomSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What happens to an accepted order, and when: the steps of its {@link Plan}, one due transition at a time.
 * An order for an out-of-stock product goes CREATED → FAILED instead, after the plan's first wait.
 */
public final class OrderTimeline {
    private final RandomSource random;

    public OrderTimeline(RandomSource random) {
        this.random = random;
    }

    /** The first due transition; none when the plan has no steps (the order stays CREATED). */
    public Optional<DueTransition> first(Order order, Product product, Instant acceptedAt) {
        Plan plan = order.plan();
        if (product.status() == ProductStatus.OUT_OF_STOCK) {
            Duration wait = plan.step(0).map(Plan.Step::after).orElse(Duration.ZERO);
            return Optional.of(new DueTransition(random.timeOrderedUuid(acceptedAt), order.reference(), OrderStatus.FAILED, "OUT_OF_STOCK",
                    acceptedAt.plus(wait), DueTransition.NO_STEP));
        }
        return plan.step(0).map(step -> due(order, 0, step, acceptedAt));
    }

    /**
     * The step after {@code order} reached its current status at {@code reachedAt} by applying plan step
     * {@code appliedStep} — or, for {@link DueTransition#NO_STEP} (a manual move), where the plan resumes.
     */
    public Optional<DueTransition> next(Order order, int appliedStep, Instant reachedAt) {
        if (OrderStatus.MACHINE.isTerminal(order.status())) {
            return Optional.empty();
        }
        Optional<Integer> index = appliedStep == DueTransition.NO_STEP
                ? order.plan().resumeAfter(order.status())
                : Optional.of(appliedStep + 1);
        return index.flatMap(i -> order.plan().step(i).map(step -> due(order, i, step, reachedAt)));
    }

    private DueTransition due(Order order, int index, Plan.Step step, Instant from) {
        return new DueTransition(random.timeOrderedUuid(from), order.reference(), step.to(), step.reason(), from.plus(step.after()), index);
    }
}
