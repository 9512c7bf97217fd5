package com.qwire.mock.shared.errors;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Base of every expected failure; the HTTP edge turns it into a problem+json answer by its code. */
public class QwireException extends RuntimeException {
    private final ErrorCode code;
    private final List<FieldViolation> violations;
    private final int status;
    private final Optional<Duration> retryAfter;

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
        this.status = code.status();
        this.retryAfter = Optional.empty();
    }

    /** An answer with a status other than the code's usual one (an injected fault answers what it was told to). */
    public QwireException(ErrorCode code, int status, String detail, Optional<Duration> retryAfter) {
        super(detail);
        this.code = code;
        this.violations = List.of();
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
