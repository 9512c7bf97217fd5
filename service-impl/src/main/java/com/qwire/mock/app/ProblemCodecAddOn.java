package com.qwire.mock.app;

import com.qwire.mock.shared.metrics.ServiceMetrics;
import com.qwire.mock.shared.http.HttpEdge;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.utils.DelayedExecutor;

import java.lang.reflect.Field;

/**
 * Puts the edge's HTTP codec ({@link HttpEdge#codec}) in the place of the one Grizzly built, with the
 * server's own delayed executor (it times out idle keep-alive connections), so that requests the codec
 * refuses get problem+json answers. Registered before every other add-on, which find the codec by type.
 */
final class ProblemCodecAddOn implements AddOn {
    private final HttpServer server;
    private final HttpEdge edge;
    private final ServiceMetrics metrics;

    ProblemCodecAddOn(HttpServer server, HttpEdge edge, ServiceMetrics metrics) {
        this.server = server;
        this.edge = edge;
        this.metrics = metrics;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        int codec = builder.indexOfType(HttpServerFilter.class);
        HttpServerFilter original = (HttpServerFilter) builder.get(codec);
        HttpServerFilter ours = edge.codec(listener, delayedExecutor(), metrics);
        // What HttpServer.configureListener set on its codec besides the constructor's arguments.
        ours.setAllowPayloadForUndefinedHttpMethods(original.isAllowPayloadForUndefinedHttpMethods());
        ours.setMaxPayloadRemainderToSkip(original.getMaxPayloadRemainderToSkip());
        ours.setRemoveHandledContentEncodingHeaders(original.isRemoveHandledContentEncodingHeaders());
        for (var encoding : original.getContentEncodings()) {
            ours.addContentEncoding(encoding);
        }
        ours.getMonitoringConfig().addProbes(original.getMonitoringConfig().getProbes());
        builder.set(codec, ours);
    }

    /** Grizzly keeps it package-private; start-up fails loudly (every test with it) if an upgrade renames it. */
    private DelayedExecutor delayedExecutor() {
        try {
            Field field = HttpServer.class.getDeclaredField("delayedExecutor");
            field.setAccessible(true);
            return (DelayedExecutor) field.get(server);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This Grizzly version has no HttpServer.delayedExecutor; ProblemCodecAddOn needs updating", e);
        }
    }
}
