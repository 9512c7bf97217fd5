package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.webhook.WebhookSignatures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one signed attempt (Standard Webhooks headers). The request's own timeout is the
 * per-attempt limit; redirects are not followed; the answer body is read up to a cap.
 */
public final class WebhookSender {
    static final int RESPONSE_BODY_CAP = 4096;
    private static final String USER_AGENT = "qwire-mock-callbacks/1.0";

    private final HttpClient client;
    private final WebhookSignatures signatures;
    private final Clock clock;
    private final Duration attemptTimeout;

    public WebhookSender(Config.Delivery delivery, WebhookSignatures signatures, Clock clock) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(delivery.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.signatures = signatures;
        this.clock = clock;
        this.attemptTimeout = delivery.attemptTimeout();
    }

    public Attempt prepare(CallbackOutbox.Delivery delivery) {
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", USER_AGENT);
        headers.put("webhook-id", delivery.eventId().toString());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", signatures.sign(delivery.eventId().toString(), timestamp, delivery.payload()));
        headers.put("X-Trace-Id", delivery.traceId());
        headers.put("X-Callback-Attempt", Integer.toString(delivery.attempt()));
        return new Attempt(delivery, headers);
    }

    public CompletableFuture<Answer> send(Attempt attempt) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(attempt.delivery().targetUrl()))
                .timeout(attemptTimeout)
                .POST(HttpRequest.BodyPublishers.ofString(attempt.delivery().payload(), StandardCharsets.UTF_8));
        attempt.headers().forEach((name, value) -> {
            if (!name.equals("Content-Length")) {
                request.header(name, value);
            }
        });
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
            try (InputStream body = response.body()) {
                String snippet = new String(body.readNBytes(RESPONSE_BODY_CAP), StandardCharsets.UTF_8);
                return new Answer(response.statusCode(), retryAfter(response), snippet);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP-date Retry-After is treated as absent
            }
        });
    }

    public record Attempt(CallbackOutbox.Delivery delivery, Map<String, String> headers) {
    }

    public record Answer(int status, Optional<Duration> retryAfter, String bodySnippet) {
    }
}
