package com.qwire.mock.order.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qwire.mock.order.domain.CallbackMode;
import com.qwire.mock.order.domain.OrderStatus;
import com.qwire.mock.order.domain.Plan;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** An order's plan as compact JSON in {@code orders.plan} (the scenario name has its own column). */
final class PlanJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record StepRow(long waitMs, OrderStatus to, String reason, CallbackMode callback, long callbackDelayMs) {
    }

    private PlanJson() {
    }

    static String write(Plan plan) {
        List<StepRow> rows = plan.steps().stream()
                .map(s -> new StepRow(s.after().toMillis(), s.to(), s.reason(), s.callback(), s.callbackDelay().toMillis()))
                .toList();
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A plan always serialises", e);
        }
    }

    static Plan read(String scenario, String json) {
        try {
            StepRow[] rows = JSON.readValue(json, StepRow[].class);
            return new Plan(scenario, Arrays.stream(rows)
                    .map(r -> new Plan.Step(Duration.ofMillis(r.waitMs()), r.to(), r.reason(), r.callback(), Duration.ofMillis(r.callbackDelayMs())))
                    .toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("orders.plan holds invalid JSON", e);
        }
    }
}
