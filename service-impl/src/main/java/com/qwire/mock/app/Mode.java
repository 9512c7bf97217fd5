package com.qwire.mock.app;

import java.util.Locale;

/** What one process runs: mode A is one service per process, mode B ({@link #ALL}) both in one. */
public enum Mode {
    ORDER(true, false), CALLBACK(false, true), ALL(true, true);

    private final boolean orders;
    private final boolean callbacks;

    Mode(boolean orders, boolean callbacks) {
        this.orders = orders;
        this.callbacks = callbacks;
    }

    public boolean runsOrders() {
        return orders;
    }

    public boolean runsCallbacks() {
        return callbacks;
    }

    public static Mode parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown mode '" + value + "'; use order, callback or all", e);
        }
    }
}
