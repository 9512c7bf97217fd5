package com.qwire.mock.shared.random;

import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The only source of randomness: ids, trace ids, and later delays, faults and jitter.
 * With a seed, every draw comes from one sequence and is reproducible. Without one, draws come
 * from the calling thread's own generator: no lock on the request path. Ids here need to be unique,
 * not secret, so a cryptographic generator is not needed.
 */
public final class RandomSource {
    private final Supplier<Random> generator;
    private final boolean seeded;

    private RandomSource(Supplier<Random> generator, boolean seeded) {
        this.generator = generator;
        this.seeded = seeded;
    }

    public static RandomSource create(OptionalLong seed) {
        if (seed.isPresent()) {
            Random sequence = new Random(seed.getAsLong());
            return new RandomSource(() -> sequence, true);
        }
        return new RandomSource(ThreadLocalRandom::current, false);
    }

    /** A version-4 UUID drawn from this source. */
    public UUID uuid() {
        long msb;
        long lsb;
        if (seeded) {
            Random r = generator.get();
            synchronized (r) {
                msb = r.nextLong();
                lsb = r.nextLong();
            }
        } else {
            Random r = generator.get();
            msb = r.nextLong();
            lsb = r.nextLong();
        }
        msb = (msb & 0xffffffffffff0fffL) | 0x0000000000004000L;
        lsb = (lsb & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** 32 lowercase hex characters, the W3C trace-id shape. */
    public String traceId() {
        byte[] bytes = new byte[16];
        Random r = generator.get();
        if (seeded) {
            synchronized (r) {
                r.nextBytes(bytes);
            }
        } else {
            r.nextBytes(bytes);
        }
        return HexFormat.of().formatHex(bytes);
    }

    public double nextDouble() {
        Random r = generator.get();
        if (seeded) {
            synchronized (r) {
                return r.nextDouble();
            }
        }
        return r.nextDouble();
    }
}
