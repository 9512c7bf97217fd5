package com.qwire.mock.shared.errors;

/** The database cannot be reached (or is not migrated yet); callers should retry later. */
public class DatabaseUnavailableException extends QwireException {
    public DatabaseUnavailableException(String detail, Throwable cause) {
        super(ErrorCode.DATABASE_UNAVAILABLE, detail, java.util.List.of(), cause);
    }
}
