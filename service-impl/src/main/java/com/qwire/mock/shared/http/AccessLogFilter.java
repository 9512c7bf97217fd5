package com.qwire.mock.shared.http;

import com.qwire.mock.shared.logging.AccessLog;
import com.qwire.mock.shared.logging.LogContext;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the access log once the response is complete: in the writer interceptor when there is a
 * body (it is written after the response filters ran), else in the response filter.
 */
@Priority(Priorities.USER + 1000)
public final class AccessLogFilter implements ContainerResponseFilter, WriterInterceptor {
    private static final String PENDING = "qwire.accessPending";

    private final AccessLog accessLog;
    private final int captureLimit;

    public AccessLogFilter(AccessLog accessLog, int captureLimit) {
        this.accessLog = accessLog;
        this.captureLimit = captureLimit;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Pending pending = new Pending(request.getMethod(), pathAndQuery(request), response.getStatus(),
                (Long) request.getProperty(RequestAttributes.STARTED_NANOS),
                (byte[]) request.getProperty(RequestAttributes.REQUEST_BODY), DeferredAnswers.answerDue(request, Long.MIN_VALUE));
        if (response.hasEntity()) {
            request.setProperty(PENDING, pending);
        } else {
            record(pending, null, 0);
            LogContext.end();
        }
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        Pending pending = (Pending) context.getProperty(PENDING);
        if (pending == null) {
            context.proceed();
            return;
        }
        OutputStream original = context.getOutputStream();
        Tee tee = new Tee(original, captureLimit);
        context.setOutputStream(tee);
        try {
            context.proceed();
        } finally {
            context.setOutputStream(original);
            record(pending, tee.captured.toByteArray(), tee.total);
            LogContext.end();
        }
    }

    private void record(Pending p, byte[] responseBody, long responseBytes) {
        // An injected delay is part of the time the caller waits: the line says when the answer goes out.
        long micros = p.startedNanos == null ? 0 : (Math.max(System.nanoTime(), p.answerDue) - p.startedNanos) / 1000;
        accessLog.record(new AccessLog.Exchange(p.method, p.path, p.status, micros, p.requestBody, responseBody, responseBytes));
    }

    private static String pathAndQuery(ContainerRequestContext request) {
        var uri = request.getUriInfo().getRequestUri();
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    private record Pending(String method, String path, int status, Long startedNanos, byte[] requestBody, long answerDue) {
    }

    /** Passes bytes through and keeps the first {@code limit} of them. */
    private static final class Tee extends FilterOutputStream {
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        private final int limit;
        private long total;

        Tee(OutputStream out, int limit) {
            super(out);
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (captured.size() < limit) {
                captured.write(b);
            }
            total++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            int keep = Math.min(len, limit - captured.size());
            if (keep > 0) {
                captured.write(b, off, keep);
            }
            total += len;
        }
    }
}
