package com.qwire.mock.shared.errors;

/** One invalid input field: its JSON path (or parameter name) and what is wrong with it. */
public record FieldViolation(String field, String message) {
}
