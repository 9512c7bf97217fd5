package com.qwire.mock.scheduler;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
        }, Clock.systemUTC(), Duration.ofMillis(10), probeFirst, PollingLoop.MIN_WAIT);
        loop.start();
        return loop;
    }

    @Test
    void whatComesDueWithinTheMinimumWaitIsDoneTogether() {
        List<Long> worked = new CopyOnWriteArrayList<>();
        loop = new PollingLoop("test", () -> {
            worked.add(System.nanoTime());
            return 1; // less than a batch: it sleeps until the next due time, but at least 200 ms
        }, 10, () -> Optional.of(Instant.now().plusMillis(1)), Clock.systemUTC(), Duration.ofSeconds(1), true, Duration.ofMillis(200));
        loop.start();

        await().atMost(10, TimeUnit.SECONDS).until(() -> worked.size() >= 4);
        for (int i = 1; i < 4; i++) {
            assertThat(worked.get(i) - worked.get(i - 1)).as("something due a millisecond later waits for company")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
        }
    }

    @Test
    void aMinimumWaitBelowTheFloorWouldSpin() {
        assertThatThrownBy(() -> new PollingLoop("test", () -> 0, 1, Optional::empty, Clock.systemUTC(), Duration.ofMillis(50), true,
                Duration.ofMillis(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.close();
        }
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
