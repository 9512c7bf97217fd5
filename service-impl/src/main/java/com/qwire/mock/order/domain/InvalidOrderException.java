package com.qwire.mock.order.domain;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.FieldViolation;
import com.qwire.mock.shared.errors.QwireException;

import java.util.List;

public class InvalidOrderException extends QwireException {
    public InvalidOrderException(List<FieldViolation> violations) {
        super(ErrorCode.VALIDATION_FAILED, violations.size() == 1 ? "1 field is invalid." : violations.size() + " fields are invalid.", violations);
    }
}
