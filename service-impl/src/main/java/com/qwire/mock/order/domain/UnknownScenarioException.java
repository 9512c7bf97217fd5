package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;

import java.util.Collection;
import java.util.TreeSet;

/** An order asked for a scenario nobody defined. */
public class UnknownScenarioException extends QwireException {
    public UnknownScenarioException(String name, Collection<String> known) {
        super(ErrorCode.UNKNOWN_SCENARIO, "No scenario is named '" + name + "'. Known: " + String.join(", ", new TreeSet<>(known))
                + ". List them with GET /v1/admin/scenarios.");
    }
}
