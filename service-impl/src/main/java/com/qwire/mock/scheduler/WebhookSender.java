package com.qwire.mock.scheduler;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.shared.net.CallbackUrlPolicy;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.logging.TraceContext;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ssl.TransportSecurityLayer;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one signed attempt (Standard Webhooks headers) over a pool of keep-alive connections
 * (Apache HttpClient 5, asynchronous, one I/O thread). An attempt is bounded as a whole: the
 * connect timeout, then {@code attemptTimeout} of silence at most, and a deadline of connect +
 * attempt timeout over everything, headers and body; a receiver that stalls mid-body is cut off
 * there. Redirects are not followed, nothing is retried here (the outbox retries), and the answer
 * body is kept up to {@link #RESPONSE_BODY_CAP} bytes, the rest read and dropped.
 */
public final class WebhookSender implements AutoCloseable {
    static final int RESPONSE_BODY_CAP = 4096;
    private static final String USER_AGENT = "qwire-mock-callbacks/1.0";
    private static final long SELECT_INTERVAL_MS = 20;
    private static final int REFUSALS_KEPT = 10_000;

    private final CloseableHttpAsyncClient client;
    private final ScheduledThreadPoolExecutor deadlines;
    private final WebhookSignatures signatures;
    private final Clock clock;
    private final Duration deadline;
    private final CallbackUrlPolicy hosts;
    /** The policy's verdict on a URL as written (fixed for the sender's life), kept for the latest {@value #REFUSALS_KEPT} URLs. */
    private final Cache<String, Optional<String>> refusals = Caffeine.newBuilder().maximumSize(REFUSALS_KEPT).build();

    /** The callback URL policy refuses this target: no attempt is made, and none would succeed. */
    public static final class TargetDenied extends UnknownHostException {
        TargetDenied(String reason) {
            super(reason);
        }
    }

    /**
     * {@code hosts} is applied before each attempt to the URL as written (a URL stored before the policy
     * held is refused too) and, through the client's DNS resolver, to every address a name resolves to.
     */
    public WebhookSender(Config.Delivery delivery, WebhookSignatures signatures, Clock clock, CallbackUrlPolicy hosts) {
        this.hosts = hosts;
        Timeout attemptTimeout = Timeout.of(delivery.attemptTimeout());
        PoolingAsyncClientConnectionManager connections = PoolingAsyncClientConnectionManagerBuilder.create()
                .setDnsResolver(new DnsResolver() {
                    @Override
                    public InetAddress[] resolve(String host) throws UnknownHostException {
                        InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
                        for (InetAddress address : addresses) {
                            Optional<String> refusal = hosts.refusal(host, address);
                            if (refusal.isPresent()) {
                                throw new TargetDenied(refusal.get());
                            }
                        }
                        return addresses;
                    }

                    @Override
                    public String resolveCanonicalHostname(String host) throws UnknownHostException {
                        return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
                    }
                })
                .setTlsStrategy(new TlsOnFirstUse())
                .setMaxConnTotal(delivery.concurrency())
                .setMaxConnPerRoute(delivery.concurrency())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(delivery.connectTimeout()))
                        .setSocketTimeout(attemptTimeout)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(connections)
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setSoTimeout(attemptTimeout)
                        // Timeouts are checked once per select interval (1 s by default): an attempt could
                        // outlive its timeout by up to a second and a slow answer count as delivered.
                        .setSelectInterval(TimeValue.ofMilliseconds(SELECT_INTERVAL_MS))
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(attemptTimeout)
                        .setConnectionRequestTimeout(attemptTimeout)
                        .build())
                .setThreadFactory(runnable -> {
                    Thread t = new Thread(runnable, "qwire-webhook-io");
                    t.setDaemon(true);
                    return t;
                })
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        this.client.start();
        this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "qwire-webhook-deadline");
            t.setDaemon(true);
            return t;
        });
        this.deadlines.setRemoveOnCancelPolicy(true);
        this.signatures = signatures;
        this.clock = clock;
        this.deadline = delivery.connectTimeout().plus(delivery.attemptTimeout());
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
        headers.put(TraceContext.HEADER, TraceContext.forCallback(delivery.traceId(), delivery.eventId().toString(), delivery.attempt()));
        headers.put("X-Callback-Attempt", Integer.toString(delivery.attempt()));
        return new Attempt(delivery, headers);
    }

    public CompletableFuture<Answer> send(Attempt attempt) {
        Optional<String> refused = refusals.get(attempt.delivery().targetUrl(), hosts::refusal);
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(new TargetDenied(refused.get()));
        }
        AsyncRequestBuilder request = AsyncRequestBuilder.post(attempt.delivery().targetUrl())
                .setEntity(AsyncEntityProducers.create(attempt.delivery().payload(), ContentType.APPLICATION_JSON));
        attempt.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                request.addHeader(name, value);
            }
        });
        AsyncRequestProducer producer = request.build();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Future<Answer> exchange = client.execute(producer, new CappedAnswer(), null, new FutureCallback<>() {
            @Override
            public void completed(Answer result) {
                answer.complete(result);
            }

            @Override
            public void failed(Exception e) {
                answer.completeExceptionally(e);
            }

            @Override
            public void cancelled() {
                answer.completeExceptionally(new TimeoutException("no complete answer within " + deadline.toMillis() + " ms"));
            }
        });
        ScheduledFuture<?> cutOff = deadlines.schedule(() -> {
            answer.completeExceptionally(new TimeoutException("no complete answer within " + deadline.toMillis() + " ms"));
            exchange.cancel(true);
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((result, failure) -> cutOff.cancel(false));
        return answer;
    }

    /** Keeps the status, Retry-After and the first bytes of the body; reads and drops the rest. */
    private static final class CappedAnswer extends AbstractBinResponseConsumer<Answer> {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;
        private Optional<Duration> retryAfter = Optional.empty();

        @Override
        protected void start(HttpResponse response, ContentType contentType) {
            status = response.getCode();
            Header header = response.getFirstHeader("Retry-After");
            retryAfter = header == null ? Optional.empty() : retryAfter(header.getValue());
        }

        @Override
        protected int capacityIncrement() {
            return RESPONSE_BODY_CAP;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) {
            int keep = Math.min(src.remaining(), RESPONSE_BODY_CAP - body.size());
            for (int i = 0; i < keep; i++) {
                body.write(src.get());
            }
            src.position(src.limit());
        }

        @Override
        protected Answer buildResult() {
            return new Answer(status, retryAfter, body.toString(StandardCharsets.UTF_8));
        }

        @Override
        public void releaseResources() {
        }
    }

    private static Optional<Duration> retryAfter(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP-date Retry-After is treated as absent
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.GRACEFUL);
    }

    public record Attempt(CallbackOutbox.Delivery delivery, Map<String, String> headers) {
    }

    public record Answer(int status, Optional<Duration> retryAfter, String bodySnippet) {
    }

    /**
     * The client's default TLS set-up (the JDK's trust store, read when it is made), made for the first https
     * callback instead of at start: about 70 ms of a one-core start's CPU (issue 8), for callbacks that are
     * usually plain http on a test bench.
     */
    private static final class TlsOnFirstUse implements TlsStrategy {
        private TlsStrategy tls;

        private synchronized TlsStrategy tls() { // once per new TLS connection
            if (tls == null) {
                tls = DefaultClientTlsStrategy.createDefault();
            }
            return tls;
        }

        @Override
        public void upgrade(TransportSecurityLayer sessionLayer, NamedEndpoint endpoint, Object attachment, Timeout handshakeTimeout,
                            FutureCallback<TransportSecurityLayer> callback) {
            tls().upgrade(sessionLayer, endpoint, attachment, handshakeTimeout, callback);
        }

        @Override
        @Deprecated
        @SuppressWarnings("deprecation")
        public boolean upgrade(TransportSecurityLayer sessionLayer, HttpHost host, SocketAddress localAddress, SocketAddress remoteAddress,
                               Object attachment, Timeout handshakeTimeout) {
            return tls().upgrade(sessionLayer, host, localAddress, remoteAddress, attachment, handshakeTimeout);
        }
    }
}
