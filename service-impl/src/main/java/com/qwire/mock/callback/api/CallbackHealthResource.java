package com.qwire.mock.callback.api;

import com.qwire.mock.api.callback.HealthApi;
import com.qwire.mock.shared.http.Probes;
import com.qwire.mock.shared.http.MetricsEndpoint;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Live while serving HTTP; ready while its log directory (its only store) is writable. */
public final class CallbackHealthResource implements HealthApi {
    private final Path logDir;
    private final Probes probes;
    private final MetricsEndpoint metrics;
    @Context
    private HttpHeaders headers;

    public CallbackHealthResource(Path logDir, Probes probes, MetricsEndpoint metrics) {
        this.metrics = metrics;
        this.logDir = logDir;
        this.probes = probes;
    }

    @Override
    public Response getLiveness(String traceIdHeader) {
        return probes.live();
    }

    @Override
    public Response getReadiness(String traceIdHeader) {
        return probes.ready(Map.of("receiptLog", Files.isDirectory(logDir) && Files.isWritable(logDir)));
    }

    @Override
    public Response getMetrics(String traceIdHeader) {
        return metrics.scrape(headers.getHeaderString(HttpHeaders.ACCEPT));
    }
}
