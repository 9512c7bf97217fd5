package com.qwire.mock.shared.http;

import com.qwire.mock.shared.metrics.ServiceMetrics;
import org.glassfish.jersey.micrometer.server.MetricsApplicationEventListener;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.delay.ResponseDelay;
import com.qwire.mock.shared.logging.AccessLog;
import com.qwire.mock.shared.random.RandomSource;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * Everything every Qwire HTTP application shares: JSON, trace ids, the body limit, the access log
 * and the problem+json mappers. Every Jersey application of the platform starts from {@link #newApplication(ServiceMetrics)}.
 */
public final class HttpEdge implements Feature {
    private final Config config;
    private final RandomSource random;
    private final AccessLog accessLog;
    private final DirectProblems directProblems;
    private final DeferredAnswers deferredAnswers = new DeferredAnswers();

    public HttpEdge(Config config, RandomSource random, AccessLog accessLog) {
        this.config = config;
        this.random = random;
        this.accessLog = accessLog;
        this.directProblems = new DirectProblems(random, accessLog);
    }

    /** Injected response delays of every application built here: they hold no worker ({@link DeferredAnswers}). */
    public ResponseDelay responseDelay() {
        return deferredAnswers;
    }

    /** Sends every answer a delay still holds back: the platform is stopping. */
    public void answerHeldRequests() {
        deferredAnswers.close();
    }

    /**
     * A Jersey application with the edge registered. Jackson is registered on the application itself:
     * from inside a Feature it comes too late to stop auto-discovery from adding Jackson's own
     * exception mappers, which answer malformed JSON with text/plain.
     */
    private ResourceConfig newApplication() {
        return new ResourceConfig().register(JacksonFeature.withoutExceptionMappers()).register(this);
    }

    /** An application whose requests are timed into {@code metrics} ({@code http_server_requests_seconds}). */
    public ResourceConfig newApplication(ServiceMetrics metrics) {
        ResourceConfig application = newApplication();
        if (metrics.enabled()) {
            application.register(new MetricsApplicationEventListener(metrics.registry(), new RequestMetrics(),
                    ServiceMetrics.HTTP_REQUESTS, true));
        }
        return application;
    }

    /**
     * Wraps a container: requests Jersey cannot parse are answered before it ({@link MalformedTargetGuard}),
     * and a body is waited for without a worker thread, within the read timeout ({@link BodyPrefetch}).
     */
    public org.glassfish.grizzly.http.server.HttpHandler guard(org.glassfish.grizzly.http.server.HttpHandler container, ServiceMetrics metrics) {
        DirectProblems problems = directProblems.countingInto(metrics);
        return new MalformedTargetGuard(new BodyPrefetch(container, config.httpReadTimeout(), Config.MAX_BODY_BYTES, problems), problems);
    }

    /**
     * The HTTP codec for a listener of the server: Grizzly's own, configured as the listener configures it,
     * whose refusals (malformed HTTP, 414, 431, 505) are problems like every other error ({@link ProblemCodecFilter}).
     */
    public org.glassfish.grizzly.http.HttpServerFilter codec(org.glassfish.grizzly.http.server.NetworkListener listener,
                                                              org.glassfish.grizzly.utils.DelayedExecutor executor, ServiceMetrics metrics) {
        return new ProblemCodecFilter(listener, executor, directProblems.countingInto(metrics), config.httpReadTimeout());
    }

    /** QWIRE_HTTP_MAX_CONNECTIONS: open connections per port. */
    public int maxConnections() {
        return config.httpMaxConnections();
    }

    @Override
    public boolean configure(FeatureContext context) {
        Problems problems = new Problems(config.retryAfter());
        context.register(new JsonMapper());
        context.register(deferredAnswers);
        context.register(ValidationSettings.class); // a class: Jersey constructs it with its validator factory
        context.register(new Negotiation());
        context.register(new TraceIdFilter(random));
        context.register(new HeaderSyntaxFilter(problems));
        context.register(new RequestBodyFilter(Config.MAX_BODY_BYTES, problems));
        context.register(new EmptyErrorFilter(problems));
        config.adminToken().ifPresent(token -> context.register(new AdminGuard(token, problems)));
        context.register(new AccessLogFilter(accessLog, config.accessLogBodyLimit()));
        context.register(new QwireExceptionMapper(problems));
        context.register(new ConstraintViolationMapper(problems));
        context.register(new JsonProcessingMapper(problems));
        context.register(new WebApplicationExceptionMapper(problems));
        context.register(new FallbackExceptionMapper(problems));
        context.property(ServerProperties.BV_SEND_ERROR_IN_RESPONSE, false);
        context.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        return true;
    }
}
