package com.qwire.mock.shared.random;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;

/**
 * The only source of randomness: ids, trace ids, and later delays, faults and jitter.
 * With a seed every draw is reproducible; without one it is cryptographically random.
 */
public final class RandomSource {
    private final Random random;

    private RandomSource(Random random) {
        this.random = random;
    }

    public static RandomSource create(OptionalLong seed) {
        return seed.isPresent() ? new RandomSource(new Random(seed.getAsLong())) : new RandomSource(new SecureRandom());
    }

    /** A version-4 UUID drawn from this source. */
    public UUID uuid() {
        long msb;
        long lsb;
        synchronized (random) {
            msb = random.nextLong();
            lsb = random.nextLong();
        }
        msb = (msb & 0xffffffffffff0fffL) | 0x0000000000004000L;
        lsb = (lsb & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** 32 lowercase hex characters, the W3C trace-id shape. */
    public String traceId() {
        byte[] bytes = new byte[16];
        synchronized (random) {
            random.nextBytes(bytes);
        }
        return HexFormat.of().formatHex(bytes);
    }

    public double nextDouble() {
        synchronized (random) {
            return random.nextDouble();
        }
    }
}
