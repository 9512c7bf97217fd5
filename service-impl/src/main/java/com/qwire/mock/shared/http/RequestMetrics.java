package com.qwire.mock.shared.http;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.glassfish.jersey.micrometer.server.JerseyTags;
import org.glassfish.jersey.micrometer.server.JerseyTagsProvider;
import org.glassfish.jersey.server.monitoring.RequestEvent;

/**
 * Labels of {@code http_server_requests_seconds}: method, the route template as the contracts write it
 * ({@code /v1/order}, {@code /v1/admin/callbacks/{eventId}/redeliver}, {@code /health/live}; never the raw
 * path: an unmatched one is {@code NOT_FOUND}), status and outcome.
 */
final class RequestMetrics implements JerseyTagsProvider {
    @Override
    public Iterable<Tag> httpRequestTags(RequestEvent event) {
        return Tags.of(JerseyTags.method(event.getContainerRequest()), JerseyTags.uri(event),
                JerseyTags.status(event.getContainerResponse()), JerseyTags.outcome(event.getContainerResponse()));
    }

    @Override
    public Iterable<Tag> httpLongRequestTags(RequestEvent event) {
        return Tags.of(JerseyTags.method(event.getContainerRequest()), JerseyTags.uri(event));
    }
}
