package com.qwire.mock.shared.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 8: log lines leave the caller's thread in gathered batches, one flush per batch, none dropped. */
class GatheringAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger;
    private final ExecutorService callers = Executors.newSingleThreadExecutor();

    GatheringAppenderTest() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        logger = context.getLogger("gathering-test");
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        context.stop();
    }

    @Test
    void linesLoggedWithinTheGatherAreWrittenTogetherAndFlushedOnce() {
        CountingStream out = new CountingStream();
        GatheringAppender gathering = gathering(10_000, 1_000, fileLike(out, false));

        IntStream.range(0, 20).forEach(i -> logger.info("line {}", i));

        await().atMost(Duration.ofSeconds(10)).until(() -> out.lines().size() == 20);
        assertThat(out.lines()).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "line " + i).toList());
        assertThat(out.flushes.get()).as("one flush per batch, not one per line").isBetween(1, 2);
        gathering.stop();
    }

    @Test
    void everyAttachedAppenderGetsEveryLineAndOneThatFlushesItselfIsLeftAlone() {
        CountingStream file = new CountingStream();
        CountingStream console = new CountingStream();
        gathering(10_000, 0, fileLike(file, false), fileLike(console, true));

        IntStream.range(0, 5).forEach(i -> logger.info("both {}", i));

        await().atMost(Duration.ofSeconds(10)).until(() -> file.lines().size() == 5 && console.lines().size() == 5);
        assertThat(file.lines()).isEqualTo(console.lines());
        assertThat(console.flushes.get()).as("immediateFlush: the appender's own flush per line").isEqualTo(5);
    }

    @Test
    void stoppingWritesWhatIsQueued() {
        CountingStream out = new CountingStream();
        GatheringAppender gathering = gathering(10_000, 60_000, fileLike(out, false));
        IntStream.range(0, 50).forEach(i -> logger.info("queued {}", i));

        gathering.stop(); // the writer is still in its minute-long gather

        assertThat(out.lines()).hasSize(50).last().isEqualTo("queued 49");
    }

    @Test
    void aFullQueueMakesTheCallerWaitAndLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> slow = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.add(event.getFormattedMessage());
            }
        };
        slow.setContext(context);
        slow.start();
        gathering(2, 0, slow);

        Future<?> caller = callers.submit(() -> IntStream.range(0, 10).forEach(i -> logger.info("busy {}", i)));

        // The writer holds one line in the stuck appender, two wait in the queue: the caller cannot go on.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !caller.isDone());
        release.countDown();
        caller.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 10);
        assertThat(written).containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "busy " + i).toList());
    }

    @Test
    void withoutAnAttachedAppenderItDoesNotStart() {
        GatheringAppender gathering = new GatheringAppender();
        gathering.setContext(context);
        gathering.setName("empty");
        gathering.start();
        assertThat(gathering.isStarted()).isFalse();
    }

    @SafeVarargs
    private GatheringAppender gathering(int queueSize, int gatherMillis, ch.qos.logback.core.Appender<ILoggingEvent>... targets) {
        GatheringAppender gathering = new GatheringAppender();
        gathering.setContext(context);
        gathering.setName("test");
        gathering.setQueueSize(queueSize);
        gathering.setGatherMillis(gatherMillis);
        for (ch.qos.logback.core.Appender<ILoggingEvent> target : targets) {
            gathering.addAppender(target);
        }
        gathering.start();
        assertThat(gathering.isStarted()).isTrue();
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(gathering);
        return gathering;
    }

    private OutputStreamAppender<ILoggingEvent> fileLike(CountingStream out, boolean immediateFlush) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setImmediateFlush(immediateFlush);
        appender.setOutputStream(out);
        appender.start();
        return appender;
    }

    /** Keeps what is written until flush, as a buffered file stream does; counts the flushes. */
    private static final class CountingStream extends ByteArrayOutputStream {
        private final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
        private final AtomicInteger flushes = new AtomicInteger();

        @Override
        public synchronized void flush() {
            flushes.incrementAndGet();
            flushed.writeBytes(toByteArray());
            reset();
        }

        @Override
        public void close() {
            flush();
        }

        synchronized List<String> lines() {
            return flushed.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }
}
