package com.qwire.mock.shared.random;

import java.time.Instant;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The only source of randomness: ids, trace ids, and later delays, faults and jitter.
 * With a seed, every draw comes from one sequence and is reproducible. Without one, draws come
 * from the calling thread's own generator: no lock on the request path. Ids here need to be unique,
 * not secret, so a cryptographic generator is not needed.
 */
public final class RandomSource {
    private final Supplier<Random> generator;
    private final OptionalLong seed;

    private RandomSource(Supplier<Random> generator, OptionalLong seed) {
        this.generator = generator;
        this.seed = seed;
    }

    public static RandomSource create(OptionalLong seed) {
        if (seed.isPresent()) {
            Random sequence = new Random(seed.getAsLong());
            return new RandomSource(() -> sequence, seed);
        }
        return new RandomSource(ThreadLocalRandom::current, OptionalLong.empty());
    }

    /**
     * An independent sequence for one purpose, derived from the same seed: draws made there (a trace id
     * for every health probe, say) do not shift the draws made here. Unseeded, it is just as unpredictable.
     */
    public RandomSource stream(String purpose) {
        if (seed.isEmpty()) {
            return this;
        }
        long mixed = seed.getAsLong();
        for (byte b : purpose.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            mixed = (mixed ^ b) * 0x100000001b3L; // FNV-1a over the purpose, starting from the seed
        }
        return create(OptionalLong.of(mixed));
    }

    /** True when the draws follow from a seed (QWIRE_SEED), and so repeat from one run to the next. */
    public boolean seeded() {
        return seed.isPresent();
    }

    /** A version-4 UUID drawn from this source. */
    public UUID uuid() {
        return drawnUuid(4, 0L, 0xffff_ffff_ffff_0fffL);
    }

    /**
     * A version-7 UUID (RFC 9562) made at {@code at}: its Unix milliseconds in the first 48 bits, then 74 bits
     * drawn from this source (as many draws as {@link #uuid()}, so a seeded sequence is not shifted). An id
     * made in a later millisecond sorts after one made earlier, as a value and as text (within one
     * millisecond, in no particular order): rows keyed by them are added at the end of their index rather
     * than on a random page of it, which keeps the database's working set small however many rows a long
     * run leaves behind (issue 8). Under a manual clock they follow that clock.
     */
    public UUID timeOrderedUuid(Instant at) {
        return drawnUuid(7, (at.toEpochMilli() & 0xffff_ffff_ffffL) << 16, 0x0fffL);
    }

    /**
     * Two draws: the high half is {@code fixedHigh}, the first draw's bits under {@code randomHigh} and the
     * version; the low half the second draw with the IETF variant.
     */
    private UUID drawnUuid(int version, long fixedHigh, long randomHigh) {
        long[] bits = draw(r -> new long[] {r.nextLong(), r.nextLong()});
        long msb = fixedHigh | (bits[0] & randomHigh) | ((long) version << 12);
        long lsb = (bits[1] & 0x3fffffffffffffffL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** 32 lowercase hex characters, the W3C trace-id shape. */
    public String traceId() {
        byte[] bytes = draw(r -> {
            byte[] b = new byte[16];
            r.nextBytes(b);
            return b;
        });
        return HexFormat.of().formatHex(bytes);
    }

    /** A double in [0, 1). */
    public double nextDouble() {
        return draw(Random::nextDouble);
    }

    /** A standard normal draw (mean 0, standard deviation 1). */
    public double nextGaussian() {
        return draw(Random::nextGaussian);
    }

    /** One draw: under the sequence's lock when seeded (so the order of draws is the order of calls). */
    private <T> T draw(Function<Random, T> use) {
        Random r = generator.get();
        if (seed.isEmpty()) {
            return use.apply(r);
        }
        synchronized (r) {
            return use.apply(r);
        }
    }
}
