package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.DeliveryStatus;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.random.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(Config.from(Map.of()).delivery(), RandomSource.create(OptionalLong.of(1)));

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 202, 204, 299})
    void twoHundredsAreDelivered(int status) {
        assertThat(policy.decide(1, false, status, Optional.empty(), NOW).after()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504})
    void retryableStatusesAreRetried(int status) {
        RetryPolicy.Decision d = policy.decide(1, false, status, Optional.empty(), NOW);
        assertThat(d.after()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(d.nextAttemptAt()).isAfter(NOW);
    }

    @Test
    void noAnswerAtAllIsRetried() {
        assertThat(policy.decide(2, false, null, Optional.empty(), NOW).after()).isEqualTo(DeliveryStatus.PENDING);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 400, 401, 403, 404, 410, 422})
    void redirectsAndOtherClientErrorsAreDeadLetteredAtOnce(int status) {
        assertThat(policy.decide(1, false, status, Optional.empty(), NOW).after()).isEqualTo(DeliveryStatus.DEAD_LETTER);
    }

    @Test
    void theLastAttemptAndAFailedManualRedeliveryDeadLetter() {
        assertThat(policy.decide(6, false, 503, Optional.empty(), NOW).after()).isEqualTo(DeliveryStatus.DEAD_LETTER);
        assertThat(policy.decide(5, false, 503, Optional.empty(), NOW).after()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(policy.decide(2, true, 503, Optional.empty(), NOW).after()).isEqualTo(DeliveryStatus.DEAD_LETTER);
    }

    @Test
    void delaysGrowExponentiallyWithinTheJitterBandAndStopAtTheCap() {
        long[] nominal = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
        for (int attempt = 1; attempt <= nominal.length; attempt++) {
            for (int draw = 0; draw < 50; draw++) {
                long delay = policy.delay(attempt, Optional.empty()).toMillis();
                assertThat(delay).as("attempt %d", attempt).isBetween(Math.round(nominal[attempt - 1] * 0.8), Math.round(nominal[attempt - 1] * 1.2));
            }
        }
    }

    @Test
    void retryAfterIsHonouredWithinBounds() {
        assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(20))).toSeconds()).isEqualTo(20);
        assertThat(policy.delay(1, Optional.of(Duration.ofDays(1)))).as("capped at 10 x max backoff").isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.delay(4, Optional.of(Duration.ZERO)).toMillis()).as("never shorter than the backoff").isGreaterThanOrEqualTo(3200);
    }

    @Test
    void sameSeedSameDelays() {
        RetryPolicy a = new RetryPolicy(Config.from(Map.of()).delivery(), RandomSource.create(OptionalLong.of(9)));
        RetryPolicy b = new RetryPolicy(Config.from(Map.of()).delivery(), RandomSource.create(OptionalLong.of(9)));
        for (int attempt = 1; attempt < 6; attempt++) {
            assertThat(a.delay(attempt, Optional.empty())).isEqualTo(b.delay(attempt, Optional.empty()));
        }
    }
}
