package com.qwire.mock.scheduler;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PollingLoopTest {
    private final AtomicInteger works = new AtomicInteger();
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicReference<Optional<Instant>> next = new AtomicReference<>(Optional.empty());
    private PollingLoop loop;

    private PollingLoop start(boolean probeFirst) {
        loop = new PollingLoop("test", () -> {
            works.incrementAndGet();
            return 0;
        }, 10, () -> {
            probes.incrementAndGet();
            return next.get();
        }, Clock.systemUTC(), Duration.ofMillis(10), probeFirst);
        loop.start();
        return loop;
    }

    @AfterEach
    void stop() {
        loop.close();
    }

    @Test
    void probingFirstAnIdleLoopOnlyAsksWhatIsDue() {
        start(true);
        await().atMost(10, TimeUnit.SECONDS).until(() -> probes.get() >= 20);
        assertThat(works.get()).as("worked once at start, then only probed").isEqualTo(1);

        next.set(Optional.of(Instant.now().minusMillis(1)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> works.get() >= 3);

        next.set(Optional.empty());
        int before = works.get();
        await().atMost(10, TimeUnit.SECONDS).until(() -> probes.get() >= 60);
        int idle = works.get();
        assertThat(idle).as("at most the pass under way when nothing became due").isLessThanOrEqualTo(before + 1);
        loop.wakeUp();
        await().atMost(10, TimeUnit.SECONDS).until(() -> works.get() > idle);
    }

    @Test
    void probingFirstWorksWhenWhatIsDueComesDue() {
        next.set(Optional.of(Instant.now().plusMillis(300)));
        start(true);
        await().atMost(10, TimeUnit.SECONDS).until(() -> works.get() >= 2);
        assertThat(Instant.now()).isAfterOrEqualTo(next.get().orElseThrow());
    }

    @Test
    void withoutProbingFirstAnIdleLoopWorksEveryPoll() {
        start(false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> works.get() >= 10);
        loop.close();
        assertThat(probes.get()).as("one probe after each pass").isBetween(works.get() - 1, works.get());
    }
}
