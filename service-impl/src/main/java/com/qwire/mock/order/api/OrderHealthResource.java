package com.qwire.mock.order.api;

import com.qwire.mock.api.order.HealthApi;
import com.qwire.mock.shared.db.Database;
import com.qwire.mock.shared.http.Probes;
import com.qwire.mock.shared.http.MetricsEndpoint;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** Live while the process serves HTTP; ready once the database answers and is migrated. */
public final class OrderHealthResource implements HealthApi {
    private final Database database;
    private final Probes probes;
    private final MetricsEndpoint metrics;
    @Context
    private HttpHeaders headers;

    public OrderHealthResource(Database database, Probes probes, MetricsEndpoint metrics) {
        this.metrics = metrics;
        this.database = database;
        this.probes = probes;
    }

    @Override
    public Response getLiveness(String traceIdHeader) {
        return probes.live();
    }

    @Override
    public Response getReadiness(String traceIdHeader) {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("database", database.ping());
        checks.put("migrations", database.isMigrated());
        return probes.ready(checks);
    }

    @Override
    public Response getMetrics(String traceIdHeader) {
        return metrics.scrape(headers.getHeaderString(HttpHeaders.ACCEPT));
    }
}
