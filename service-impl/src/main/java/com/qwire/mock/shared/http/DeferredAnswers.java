package com.qwire.mock.shared.http;

import com.qwire.mock.shared.delay.ResponseDelay;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.spi.ContainerResponseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Injected response delays (a scenario's {@code api} delay, the receiver's DELAY fault) that hold no thread.
 * The request is served at once on its worker; its finished answer is kept in memory, the Grizzly response is
 * suspended, and one timer thread sends the answer when the delay is over. Sleeping on the worker instead let
 * four delayed callers per core take a port: with a 1 s delay and 64 callers the order port answered 7 requests a
 * second and its liveness probe waited 7 s. Now C callers of a D-second delay are answered at C / D a second, as
 * the slow service the mock stands for would answer them, and every other request of the port goes on.
 *
 * <p>Bounds: an answer waits only while its connection stays open, and a connection carries one request at a
 * time, so at most QWIRE_HTTP_MAX_CONNECTIONS answers per port wait, each holding its own body (an order, a
 * problem or a callback acknowledgement: a few KB). When the platform stops, every waiting answer is sent at
 * once rather than cut off.
 */
@PreMatching
@Priority(1)
public final class DeferredAnswers implements ResponseDelay, ContainerRequestFilter, ContainerResponseFilter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeferredAnswers.class);
    /** The request this worker is serving, from its first filter to its response filters. */
    private static final ThreadLocal<ContainerRequest> SERVING = new ThreadLocal<>();

    private final ScheduledThreadPoolExecutor timer;
    private final Set<Deferred> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public DeferredAnswers() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "qwire-deferred-answers");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        SERVING.set((ContainerRequest) request);
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        SERVING.remove();
    }

    /** In a request: its answer waits until the delay is over (the longest, if held twice). Elsewhere: sleeps. */
    @Override
    public void hold(Duration delay) {
        ContainerRequest request = SERVING.get();
        if (request == null) {
            ResponseDelay.SLEEP.hold(delay);
            return;
        }
        if (closed) {
            return; // stopping: nothing is held back any more
        }
        long due = System.nanoTime() + delay.toNanos();
        if (request.getResponseWriter() instanceof Deferred deferred) {
            deferred.notBefore(due);
        } else {
            request.setWriter(new Deferred(request, due));
        }
    }

    /** When a held answer to {@code request} goes out ({@link System#nanoTime()}), else {@code otherwise}. */
    static long answerDue(ContainerRequestContext request, long otherwise) {
        return request instanceof ContainerRequest jersey && jersey.getResponseWriter() instanceof Deferred deferred
                ? deferred.due : otherwise;
    }

    /** Answers every waiting request now; later delays are not held. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        for (Deferred deferred : List.copyOf(waiting)) {
            deferred.run();
        }
    }

    /** Keeps what Jersey writes, and sends it to the container's writer when the delay is over. */
    private final class Deferred implements ContainerResponseWriter, Runnable {
        private final ContainerRequest request;
        private final ContainerResponseWriter container;
        private final AtomicBoolean sent = new AtomicBoolean();
        private volatile long due;
        private long contentLength;
        private ContainerResponse response;
        private ByteArrayOutputStream body;

        Deferred(ContainerRequest request, long due) {
            this.request = request;
            this.container = request.getResponseWriter();
            this.due = due;
        }

        void notBefore(long later) {
            due = Math.max(due, later);
        }

        @Override
        public OutputStream writeResponseStatusAndHeaders(long contentLength, ContainerResponse response) {
            this.contentLength = contentLength;
            this.response = response;
            this.body = new ByteArrayOutputStream(contentLength > 0 ? (int) Math.min(contentLength, 65_536) : 512);
            return body;
        }

        @Override
        public void commit() {
            if (response == null || closed) {
                run(); // nothing to hold back, or the platform is stopping
                return;
            }
            // Properties of a Grizzly container's request are its attributes: a response BodyPrefetch suspended already
            // (its body came after its headers) is resumed by BodyPrefetch once we return, unless told the answer is held.
            if (!container.suspend(0, TimeUnit.SECONDS, null) && request.getProperty(RequestAttributes.BODY_AWAITED) == null) {
                run(); // the container cannot wait
                return;
            }
            request.setProperty(RequestAttributes.ANSWER_HELD, Boolean.TRUE);
            waiting.add(this);
            try {
                timer.schedule(this, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                run();
            }
        }

        @Override
        public void run() {
            if (!sent.compareAndSet(false, true)) {
                return;
            }
            waiting.remove(this);
            try {
                if (response != null) {
                    // The whole body is here: its length is known even where Jersey would have chunked it.
                    OutputStream out = container.writeResponseStatusAndHeaders(contentLength < 0 ? body.size() : contentLength, response);
                    if (out != null && body.size() > 0) {
                        body.writeTo(out);
                        out.close();
                    }
                }
            } catch (IOException | RuntimeException gone) {
                log.debug("A delayed answer was not sent: {}", gone.toString()); // the caller left meanwhile
            } finally {
                try {
                    container.commit();
                } catch (RuntimeException gone) {
                    // The caller left: Grizzly cancelled the suspended response and will not reuse it.
                    log.debug("A delayed answer's response was cancelled: {}", gone.toString());
                }
            }
        }

        @Override
        public boolean suspend(long timeOut, TimeUnit timeUnit, TimeoutHandler timeoutHandler) {
            return container.suspend(timeOut, timeUnit, timeoutHandler);
        }

        @Override
        public void setSuspendTimeout(long timeOut, TimeUnit timeUnit) {
            container.setSuspendTimeout(timeOut, timeUnit);
        }

        @Override
        public void failure(Throwable error) {
            sent.set(true);
            container.failure(error);
        }

        @Override
        public boolean enableResponseBuffering() {
            return container.enableResponseBuffering();
        }
    }
}
