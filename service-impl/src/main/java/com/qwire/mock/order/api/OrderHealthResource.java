package com.qwire.mock.order.api;

import com.qwire.mock.api.order.HealthApi;
import com.qwire.mock.api.order.model.CheckStatus;
import com.qwire.mock.api.order.model.HealthStatus;
import com.qwire.mock.shared.db.Database;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Live while the process serves HTTP; ready once the database answers and is migrated. */
public final class OrderHealthResource implements HealthApi {
    private final Database database;
    private final Duration retryAfter;

    public OrderHealthResource(Database database, Duration retryAfter) {
        this.database = database;
        this.retryAfter = retryAfter;
    }

    @Override
    public Response getLiveness(String traceIdHeader) {
        return Response.ok(new HealthStatus().status(CheckStatus.UP)
                .checks(Map.of("process", CheckStatus.UP))).build();
    }

    @Override
    public Response getReadiness(String traceIdHeader) {
        boolean migrated = database.isMigrated();
        boolean reachable = database.ping();
        Map<String, CheckStatus> checks = new LinkedHashMap<>();
        checks.put("database", reachable ? CheckStatus.UP : CheckStatus.DOWN);
        checks.put("migrations", migrated ? CheckStatus.UP : CheckStatus.DOWN);
        boolean ready = migrated && reachable;
        HealthStatus body = new HealthStatus().status(ready ? CheckStatus.UP : CheckStatus.DOWN).checks(checks);
        return ready ? Response.ok(body).build()
                : Response.status(503).entity(body).header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds())).build();
    }
}
