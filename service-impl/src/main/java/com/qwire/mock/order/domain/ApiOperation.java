package com.qwire.mock.order.domain;

/** The order API operations a scenario can inject faults into. */
public enum ApiOperation {
    CREATE_ORDER("create"), GET_ORDER("get");

    private final String key;

    ApiOperation(String key) {
        this.key = key;
    }

    /** The key in a scenario file's {@code api} section. */
    public String key() {
        return key;
    }
}
