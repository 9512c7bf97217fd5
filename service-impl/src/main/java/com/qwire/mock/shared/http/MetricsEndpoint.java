package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import com.qwire.mock.shared.errors.QwireException;
import com.qwire.mock.shared.metrics.ServiceMetrics;
import jakarta.ws.rs.core.Response;

/** GET /metrics of one service: its registry in the format the Accept header asks for; 404 when metrics are off. */
public final class MetricsEndpoint {
    private final ServiceMetrics metrics;

    public MetricsEndpoint(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    public Response scrape(String accept) {
        ServiceMetrics.Scrape scrape = metrics.scrape(accept)
                .orElseThrow(() -> new QwireException(ErrorCode.RESOURCE_NOT_FOUND, "Metrics are turned off (QWIRE_METRICS_ENABLED=false)."));
        return Response.ok(scrape.body()).header("Content-Type", scrape.contentType()).build();
    }
}
