package com.qwire.mock.shared.delay;

import java.time.Duration;

/**
 * An injected slowness: the answer to the request being served goes out no sooner than {@code delay} from
 * now. Real time, under either clock: it stands for a slow service on the network. On the HTTP edge the
 * request's worker goes on at once and the finished answer waits without a thread
 * ({@code shared.http.DeferredAnswers}); {@link #SLEEP} is for callers outside a request.
 */
@FunctionalInterface
public interface ResponseDelay {
    /** Holds the calling thread for the delay. */
    ResponseDelay SLEEP = delay -> {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    void hold(Duration delay);
}
