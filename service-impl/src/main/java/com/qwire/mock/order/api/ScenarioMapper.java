package com.qwire.mock.order.api;

import com.qwire.mock.api.order.model.ApiFaultDefinition;
import com.qwire.mock.api.order.model.ScenarioApiFaults;
import com.qwire.mock.api.order.model.ScenarioCallback;
import com.qwire.mock.api.order.model.ScenarioStep;
import com.qwire.mock.api.order.model.ScenarioWait;
import com.qwire.mock.api.order.model.ScenarioWaitLognormal;
import com.qwire.mock.api.order.model.ScenarioWaitUniform;
import com.qwire.mock.order.domain.ApiFault;
import com.qwire.mock.order.domain.ApiOperation;
import com.qwire.mock.order.domain.Delay;
import com.qwire.mock.order.domain.Scenario;

import java.math.BigDecimal;
import java.time.Duration;

/** Domain scenarios to the generated DTOs, in the same shape a definition is written in. */
final class ScenarioMapper {
    private ScenarioMapper() {
    }

    static com.qwire.mock.api.order.model.Scenario toDto(Scenario s) {
        ScenarioApiFaults api = new ScenarioApiFaults();
        s.fault(ApiOperation.CREATE_ORDER).ifPresent(f -> api.setCreate(fault(f)));
        s.fault(ApiOperation.GET_ORDER).ifPresent(f -> api.setGet(fault(f)));
        return new com.qwire.mock.api.order.model.Scenario()
                .name(s.name())
                .source(com.qwire.mock.api.order.model.Scenario.SourceEnum.fromValue(s.source().name()))
                .description(s.description())
                .steps(s.steps().stream().map(ScenarioMapper::step).toList())
                .api(api);
    }

    private static ScenarioStep step(Scenario.Step step) {
        ScenarioCallback callback = new ScenarioCallback().mode(ScenarioCallback.ModeEnum.fromValue(step.callback().name()));
        if (!step.callbackDelay().isZero()) {
            callback.setDelay(step.callbackDelay().toString());
        }
        return new ScenarioStep()
                .wait(wait(step.delay()))
                .to(com.qwire.mock.api.order.model.OrderStatus.fromValue(step.to().name()))
                .reason(step.reason())
                .callback(callback);
    }

    private static ScenarioWait wait(Delay delay) {
        if (delay instanceof Delay.Fixed f) {
            return new ScenarioWait().fixed(text(f.duration()));
        }
        if (delay instanceof Delay.Uniform u) {
            return new ScenarioWait().uniform(new ScenarioWaitUniform().min(text(u.min())).max(text(u.max())));
        }
        Delay.LogNormal l = (Delay.LogNormal) delay;
        return new ScenarioWait().lognormal(new ScenarioWaitLognormal()
                .median(text(l.median())).sigma(BigDecimal.valueOf(l.sigma())).max(text(l.max())));
    }

    private static ApiFaultDefinition fault(ApiFault f) {
        ApiFaultDefinition dto = new ApiFaultDefinition()
                .probability(BigDecimal.valueOf(f.probability()))
                .delay(text(f.delay()))
                .firstAttempts(f.firstAttempts());
        if (f.fails()) {
            dto.setStatus(f.status());
        }
        f.retryAfter().ifPresent(r -> dto.setRetryAfter(text(r)));
        return dto;
    }

    /** ISO-8601, as a definition is written. */
    private static String text(Duration d) {
        return d.toString();
    }
}
