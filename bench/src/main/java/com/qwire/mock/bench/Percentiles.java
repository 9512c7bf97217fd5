package com.qwire.mock.bench;

import java.util.Arrays;
import java.util.Locale;

/** Exact percentiles of a set of values (micro- or milliseconds, whatever the caller records). */
final class Percentiles {
    private long[] values = new long[1024];
    private int size;

    synchronized void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    synchronized int count() {
        return size;
    }

    /** {@code p} in [0, 100]; 0 when empty. */
    synchronized long at(double p) {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, index))];
    }

    /** Microseconds as milliseconds with one decimal. */
    static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
