package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import org.glassfish.grizzly.ReadHandler;
import org.glassfish.grizzly.http.io.NIOInputStream;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits for a request's body without a worker thread (issue 10: eight clients sending a body a byte a
 * second held all eight workers, and the port stopped answering). The response is suspended and the
 * container runs once the whole body — or more than the body limit, which the container then refuses
 * — has arrived, on the thread that read its last part. A body that has not arrived within the read
 * timeout is answered there and then, and the container never runs for it.
 */
final class BodyPrefetch extends GuardingHandler {
    private static final Logger log = LoggerFactory.getLogger(BodyPrefetch.class);
    private static final int READING = 0;
    private static final int RUNNING = 1;
    private static final int TIMED_OUT = 2;

    private final Duration readTimeout;
    private final int maxBodyBytes;
    private final DirectProblems problems;

    BodyPrefetch(HttpHandler next, Duration readTimeout, int maxBodyBytes, DirectProblems problems) {
        super(next);
        this.readTimeout = readTimeout;
        this.maxBodyBytes = maxBodyBytes;
        this.problems = problems;
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        long length = request.getContentLengthLong();
        NIOInputStream body = request.getNIOInputStream();
        if ((length <= 0 && !request.getRequest().isChunked()) || body.isFinished() || (length > 0 && body.readyData() >= length)) {
            next.service(request, response); // no body, or all of it is here already
            return;
        }
        if (length > maxBodyBytes) {
            // Declared too large: refused at once, not after waiting for bytes that will not be read.
            response.setHeader("Connection", "close");
            problems.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE,
                    "The request body exceeds the limit of " + maxBodyBytes + " bytes (Content-Length " + length + ").", "body",
                    "exceeds " + (maxBodyBytes / 1024) + " KiB");
            response.getOutputStream().flush();
            request.getContext().getConnection().closeSilently(); // as Connection: close says: the body is never read
            return;
        }
        AtomicInteger state = new AtomicInteger(READING);
        request.setAttribute(RequestAttributes.BODY_AWAITED, Boolean.TRUE);
        response.suspend(readTimeout.toMillis(), TimeUnit.MILLISECONDS, null, suspended -> {
            if (!state.compareAndSet(READING, TIMED_OUT)) {
                return false; // the container is running: it finishes the response itself
            }
            try {
                problems.write(request, suspended, ErrorCode.REQUEST_TIMEOUT,
                        "The request body did not arrive within " + readTimeout.toMillis() + " ms; the request was not processed.",
                        "body", "did not arrive within " + readTimeout.toMillis() + " ms");
                // The answer must be out first; then the connection is closed, as its Connection: close says (the rest of
                // the body, if it ever comes, has no request to belong to). Grizzly's close is graceful: queued writes go first.
                suspended.getOutputStream().flush();
                request.getContext().getConnection().closeSilently();
            } catch (java.io.IOException | RuntimeException e) {
                log.debug("Could not answer the timed-out request to {}: {}", request.getRequestURI(), e.toString());
            }
            return true;
        });
        int wanted = (int) Math.min(length > 0 ? length : Integer.MAX_VALUE, maxBodyBytes + 1L);
        body.notifyAvailable(new ReadHandler() {
            @Override
            public void onDataAvailable() {
                run();
            }

            @Override
            public void onAllDataRead() {
                run();
            }

            @Override
            public void onError(Throwable failure) {
                // The client went away mid-body: answered (to nobody) and recorded, at DEBUG, as the container would.
                if (state.compareAndSet(READING, TIMED_OUT)) {
                    log.debug("The client closed the connection before its request body to {} was complete: {}", request.getRequestURI(),
                            failure.toString());
                    try {
                        problems.write(request, response, ErrorCode.VALIDATION_FAILED, "The request ended before it was complete: the client closed the connection.",
                                "body", "ended before it was complete");
                    } catch (java.io.IOException | RuntimeException gone) {
                        // nobody to write to; the exchange is recorded
                    }
                    if (response.isSuspended()) {
                        response.resume();
                    }
                }
            }

            private void run() {
                if (!state.compareAndSet(READING, RUNNING)) {
                    return;
                }
                try {
                    next.service(request, response);
                } catch (Exception e) {
                    log.warn("Serving {} after its body arrived failed: {}", request.getRequestURI(), e.toString());
                } finally {
                    // An answer an injected delay holds back is resumed by DeferredAnswers when the delay is over.
                    if (response.isSuspended() && request.getAttribute(RequestAttributes.ANSWER_HELD) == null) {
                        response.resume();
                    }
                }
            }
        }, wanted);
    }
}
