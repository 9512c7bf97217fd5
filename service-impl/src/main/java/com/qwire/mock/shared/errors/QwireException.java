package com.qwire.mock.shared.errors;

import java.util.List;

/** Base of every expected failure; the HTTP edge turns it into a problem+json answer by its code. */
public class QwireException extends RuntimeException {
    private final ErrorCode code;
    private final List<FieldViolation> violations;

    public QwireException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public QwireException(ErrorCode code, String detail, List<FieldViolation> violations) {
        this(code, detail, violations, null);
    }

    public QwireException(ErrorCode code, String detail, List<FieldViolation> violations, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
