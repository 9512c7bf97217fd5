package com.qwire.mock.order.domain;

import com.qwire.mock.shared.random.RandomSource;

import java.time.Duration;

/** How long a scenario step waits: sampled once per order, from the seeded source, when the order is accepted. */
public sealed interface Delay {

    Duration sample(RandomSource random);

    /** Always the same wait. */
    record Fixed(Duration duration) implements Delay {
        public Fixed {
            requireNotNegative("fixed", duration);
        }

        @Override
        public Duration sample(RandomSource random) {
            return duration;
        }
    }

    /** Uniform between {@code min} and {@code max}, both included (millisecond resolution). */
    record Uniform(Duration min, Duration max) implements Delay {
        public Uniform {
            requireNotNegative("uniform.min", min);
            requireNotNegative("uniform.max", max);
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("uniform.max (" + max + ") must not be below uniform.min (" + min + ")");
            }
        }

        @Override
        public Duration sample(RandomSource random) {
            long span = max.toMillis() - min.toMillis();
            return min.plusMillis((long) Math.floor(random.nextDouble() * (span + 1)));
        }
    }

    /**
     * Log-normal around {@code median} (the distribution's median; {@code sigma} is the standard deviation of
     * the logarithm): mostly close to the median with a long tail, like real processing times. Capped at
     * {@code max} so one draw cannot stall an order for days.
     */
    record LogNormal(Duration median, double sigma, Duration max) implements Delay {
        public LogNormal {
            requireNotNegative("lognormal.median", median);
            if (!(sigma >= 0) || sigma > 5) {
                throw new IllegalArgumentException("lognormal.sigma must be between 0 and 5, got " + sigma);
            }
            requireNotNegative("lognormal.max", max);
        }

        @Override
        public Duration sample(RandomSource random) {
            double millis = median.toMillis() * Math.exp(sigma * random.nextGaussian());
            return Duration.ofMillis(Math.min(Math.round(millis), max.toMillis()));
        }
    }

    private static void requireNotNegative(String field, Duration d) {
        if (d == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException(field + " must not be negative, got " + d);
        }
    }
}
