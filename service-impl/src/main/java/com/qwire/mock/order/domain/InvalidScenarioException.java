package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.errors.QwireException;

import java.util.List;

/** A scenario definition with a problem; {@code where} is "source:line:column". */
public class InvalidScenarioException extends QwireException {
    private final String where;
    private final String problem;

    public InvalidScenarioException(String where, String field, String problem) {
        super(ErrorCode.INVALID_SCENARIO, where + ": " + problem, List.of(new FieldViolation(field, problem + " (" + where + ")")));
        this.where = where;
        this.problem = problem;
    }

    public String where() {
        return where;
    }

    public String problem() {
        return problem;
    }
}
