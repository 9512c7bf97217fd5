package com.qwire.mock.shared.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes log lines off the caller's thread, in gathered batches. Logback's AsyncAppender wakes its writer for
 * nearly every line under a steady load and its file appenders flush every line: at 400 orders/s that was nine
 * thread wake-ups and a dozen write calls per order, each dear on a virtual machine (issue 8). Here the writer,
 * woken by a line, waits {@code gatherMillis} for more, hands them all to its appenders, then flushes each
 * appender that does not flush by itself ({@code immediateFlush=false}) once: one wake-up and one write per file
 * per batch. Several appenders may be attached (one queue for the console and the service file).
 * <p>
 * Bounds: at most {@code queueSize} lines wait; at that bound the caller blocks until the writer has taken a
 * batch (nothing is dropped, as with AsyncAppender at {@code discardingThreshold} 0). A line reaches its file
 * at most about {@code gatherMillis} after it was logged; on stop, what waits is written within a
 * second. Like AsyncAppender, lines still queued are lost if the process is killed.
 */
public final class GatheringAppender extends UnsynchronizedAppenderBase<ILoggingEvent> implements AppenderAttachable<ILoggingEvent> {
    private static final int MAX_FLUSH_MILLIS = 1000;
    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private int queueSize = 8192;
    private int gatherMillis = 20;
    private BlockingQueue<ILoggingEvent> queue;
    private Thread writer;

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public void setGatherMillis(int gatherMillis) {
        this.gatherMillis = gatherMillis;
    }

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        if (!appenders.iteratorForAppenders().hasNext()) {
            addError("No appender attached to the gathering appender \"" + name + "\".");
            return;
        }
        if (queueSize < 1 || gatherMillis < 0) {
            addError("queueSize must be at least 1 and gatherMillis not negative (appender \"" + name + "\").");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        writer = new Thread(this::writeLoop, "qwire-log-" + name);
        writer.setDaemon(true);
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing(); // message, MDC and thread name as they are now, on this thread
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(event);
                break;
            } catch (InterruptedException e) {
                interrupted = true; // a caller's interrupt is not a reason to lose its line
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        writer.interrupt();
        try {
            writer.join(MAX_FLUSH_MILLIS);
            if (writer.isAlive()) {
                addWarn("Gave up writing " + queue.size() + " queued log lines after " + MAX_FLUSH_MILLIS + " ms.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<ILoggingEvent> batch = new ArrayList<>();
        try {
            while (isStarted()) {
                batch.add(queue.take());
                if (gatherMillis > 0 && queue.remainingCapacity() > queueSize / 2) {
                    TimeUnit.MILLISECONDS.sleep(gatherMillis);
                }
                queue.drainTo(batch);
                write(batch);
            }
        } catch (InterruptedException stopping) {
            // stop(): what is queued is written below
        }
        queue.drainTo(batch);
        write(batch);
        appenders.detachAndStopAllAppenders();
    }

    private void write(List<ILoggingEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (ILoggingEvent event : batch) {
            appenders.appendLoopOnAppenders(event);
        }
        batch.clear();
        for (Iterator<Appender<ILoggingEvent>> it = appenders.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out && !out.isImmediateFlush() && out.isStarted()) {
                try {
                    out.getOutputStream().flush(); // only this thread writes to it
                } catch (IOException e) {
                    addError("Could not flush the appender \"" + out.getName() + "\".", e);
                }
            }
        }
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
