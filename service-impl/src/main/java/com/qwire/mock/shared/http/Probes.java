package com.qwire.mock.shared.http;

import com.qwire.mock.api.order.model.CheckStatus;
import com.qwire.mock.api.order.model.HealthStatus;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The probe answers every service gives: live while serving HTTP; ready when all its checks pass. */
public final class Probes {
    private final Duration retryAfter;

    public Probes(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public Response live() {
        return Response.ok(new HealthStatus().status(CheckStatus.UP).checks(Map.of("process", CheckStatus.UP))).build();
    }

    /** 200 when every check is up, else 503 with Retry-After; {@code checks} keeps its order in the answer. */
    public Response ready(Map<String, Boolean> checks) {
        Map<String, CheckStatus> results = new LinkedHashMap<>();
        checks.forEach((name, up) -> results.put(name, up ? CheckStatus.UP : CheckStatus.DOWN));
        boolean ready = !results.containsValue(CheckStatus.DOWN);
        HealthStatus body = new HealthStatus().status(ready ? CheckStatus.UP : CheckStatus.DOWN).checks(results);
        return ready ? Response.ok(body).build()
                : Response.status(503).entity(body).header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds())).build();
    }
}
