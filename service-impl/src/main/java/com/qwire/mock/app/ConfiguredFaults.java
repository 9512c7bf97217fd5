package com.qwire.mock.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.qwire.mock.api.callback.model.FaultRequest;
import com.qwire.mock.callback.api.ReceiverAdminResource;
import com.qwire.mock.callback.domain.ReceiverFaults;
import com.qwire.mock.shared.http.JsonMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** QWIRE_RECEIVER_FAULTS: a JSON array of the admin API's FaultRequest, validated by the same rules. */
final class ConfiguredFaults {
    private ConfiguredFaults() {
    }

    static List<ReceiverFaults.Rule> parse(String json) {
        FaultRequest[] requests;
        try {
            requests = JsonMapper.create().readValue(json, FaultRequest[].class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("QWIRE_RECEIVER_FAULTS must be a JSON array of faults (see POST /v1/admin/faults): "
                    + e.getOriginalMessage(), e);
        }
        List<ReceiverFaults.Rule> rules = new ArrayList<>();
        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            for (FaultRequest request : requests) {
                Set<ConstraintViolation<FaultRequest>> problems = validation.getValidator().validate(request);
                if (!problems.isEmpty()) {
                    throw new IllegalArgumentException("QWIRE_RECEIVER_FAULTS: " + Arrays.toString(problems.stream()
                            .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().toArray()));
                }
                rules.add(ReceiverAdminResource.toRule(request));
            }
        }
        return rules;
    }
}
