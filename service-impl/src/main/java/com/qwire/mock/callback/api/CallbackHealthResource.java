package com.qwire.mock.callback.api;

import com.qwire.mock.api.callback.HealthApi;
import com.qwire.mock.api.order.model.CheckStatus;
import com.qwire.mock.api.order.model.HealthStatus;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Live while serving HTTP; ready while its log directory (its only store) is writable. */
public final class CallbackHealthResource implements HealthApi {
    private final Path logDir;
    private final Duration retryAfter;

    public CallbackHealthResource(Path logDir, Duration retryAfter) {
        this.logDir = logDir;
        this.retryAfter = retryAfter;
    }

    @Override
    public Response getLiveness(String traceIdHeader) {
        return Response.ok(new HealthStatus().status(CheckStatus.UP).checks(Map.of("process", CheckStatus.UP))).build();
    }

    @Override
    public Response getReadiness(String traceIdHeader) {
        boolean writable = Files.isDirectory(logDir) && Files.isWritable(logDir);
        CheckStatus log = writable ? CheckStatus.UP : CheckStatus.DOWN;
        HealthStatus body = new HealthStatus().status(log).checks(Map.of("receiptLog", log));
        return writable ? Response.ok(body).build()
                : Response.status(503).entity(body).header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds())).build();
    }
}
