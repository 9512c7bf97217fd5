package com.qwire.mock.shared.http;

import com.qwire.mock.shared.errors.ErrorCode;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.grizzly.utils.DelayedExecutor;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.Grizzly;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Grizzly's HTTP codec, configured exactly as the listener would configure its own, whose error answers
 * are ours: a request the codec itself refuses — not HTTP (bad request line, header without a colon, bad
 * Content-Length or chunk size), a request line over the header limit (414), headers over it in bytes or
 * count (431), a version other than HTTP/1.x (505) — used to get an empty body and no trace id. It now
 * gets a problem+json body with its code and trace id, an {@code X-Trace-Id} header and an access-log
 * line, like every other error (issue 10). The connection is closed after it, as Grizzly does.
 *
 * <p>It also bounds how long a request's line and headers may take to arrive (QWIRE_HTTP_READ_TIMEOUT_MS,
 * as for bodies): a client that trickles them is answered 408 REQUEST_TIMEOUT and disconnected, instead of
 * holding its connection for as long as it keeps sending. Only a read that leaves the headers incomplete
 * starts the clock, so a request whose headers arrive whole costs nothing.
 */
public final class ProblemCodecFilter extends HttpServerFilter {
    /** Why the codec refused the request being answered on this thread (set just before the answer is built). */
    private static final ThreadLocal<Throwable> CAUSE = new ThreadLocal<>();

    /** One timer thread for every listener of the JVM: it only fires header deadlines, which are rare and cheap. */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();
    private static final Attribute<HeaderClock> CLOCK = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("qwire.headerClock");

    private final DirectProblems problems;
    private final int maxHeaderBytes;
    private final int maxHeaders;
    private final Duration headerTimeout;

    ProblemCodecFilter(NetworkListener listener, DelayedExecutor executor, DirectProblems problems, Duration headerTimeout) {
        super(listener.isChunkingEnabled(), maxHeaderBytes(listener), null, listener.getKeepAlive(), executor,
                listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders());
        this.problems = problems;
        this.maxHeaderBytes = maxHeaderBytes(listener);
        this.maxHeaders = listener.getMaxRequestHeaders();
        this.headerTimeout = headerTimeout;
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "qwire-header-deadlines");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Per connection: whether a request's headers are in, and the deadline of those still arriving. */
    private static final class HeaderClock {
        boolean inRequest;
        long headersParsed;
        ScheduledFuture<?> deadline;

        synchronized void headersIn() {
            inRequest = true;
            headersParsed++;
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        synchronized void requestDone() {
            inRequest = false;
        }
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        HeaderClock clock = clockOf(connection);
        boolean awaitingHeaders;
        long parsedBefore;
        synchronized (clock) {
            awaitingHeaders = !clock.inRequest;
            parsedBefore = clock.headersParsed;
        }
        // May serve a whole request (and complete its response) before it returns.
        NextAction next = super.handleRead(ctx);
        synchronized (clock) {
            if (awaitingHeaders && clock.headersParsed == parsedBefore && clock.deadline == null && connection.isOpen()) {
                // Bytes came and no request's headers are complete: they have until the deadline.
                HeaderClock waiting = clock;
                clock.deadline = DEADLINES.schedule(() -> expire(connection, waiting), headerTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return next;
    }

    @Override
    protected void onHttpHeadersParsed(HttpHeader header, MimeHeaders headers, FilterChainContext ctx) {
        super.onHttpHeadersParsed(header, headers, ctx);
        clockOf(ctx.getConnection()).headersIn();
    }

    private static HeaderClock clockOf(Connection<?> connection) {
        HeaderClock clock = CLOCK.get(connection);
        if (clock == null) {
            clock = new HeaderClock();
            CLOCK.set(connection, clock);
        }
        return clock;
    }

    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (event == RESPONSE_COMPLETE_EVENT) {
            HeaderClock clock = CLOCK.get(ctx.getConnection());
            if (clock != null) {
                clock.requestDone(); // keep-alive: the next request's headers get their own deadline
            }
        }
        return super.handleEvent(ctx, event);
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        HeaderClock clock = CLOCK.get(ctx.getConnection());
        if (clock != null) {
            clock.headersIn(); // nothing more will come: no deadline to keep
        }
        return super.handleClose(ctx);
    }

    /** The headers did not come in time: a 408 problem, recorded, and the connection closed once it is out. */
    private void expire(Connection<?> connection, HeaderClock clock) {
        synchronized (clock) {
            if (clock.inRequest || clock.deadline == null || !connection.isOpen()) {
                return;
            }
            clock.deadline = null;
        }
        long started = System.nanoTime();
        ErrorCode code = ErrorCode.REQUEST_TIMEOUT;
        DirectProblems.Prepared answer = problems.prepare(null, "/", code, code.status(),
                "The request line and headers did not arrive within " + headerTimeout.toMillis() + " ms; the request was not processed.",
                "headers", "did not arrive within " + headerTimeout.toMillis() + " ms");
        byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: " + Problems.MEDIA_TYPE + "\r\nX-Trace-Id: " + answer.traceId()
                + "\r\nConnection: close\r\nContent-Length: " + answer.body().length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[head.length + answer.body().length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(answer.body(), 0, bytes, head.length, answer.body().length);
        problems.record("-", "/", code.status(), started, answer);
        @SuppressWarnings("unchecked")
        Connection<Object> c = (Connection<Object>) connection;
        c.write(Buffers.wrap(connection.getMemoryManager(), bytes), new EmptyCompletionHandler<WriteResult<Object, Object>>() {
            @Override
            public void completed(WriteResult<Object, Object> result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                connection.closeSilently();
            }
        });
    }

    /** As HttpServer sizes its codec: the listener's limit, or Grizzly's default (8 KiB) when it has none (-1). */
    private static int maxHeaderBytes(NetworkListener listener) {
        int configured = listener.getMaxHttpHeaderSize();
        return configured == -1 ? DEFAULT_MAX_HTTP_PACKET_HEADER_SIZE : configured;
    }

    @Override
    protected void onHttpHeaderError(HttpHeader header, FilterChainContext ctx, Throwable t) throws IOException {
        if (header instanceof HttpRequestPacket request) {
            HttpResponsePacket response = request.getResponse();
            String message = t == null || t.getMessage() == null ? "" : t.getMessage();
            if (message.contains("intial line is too large") || message.contains("initial line is too large")) {
                HttpStatus.REQUEST_URI_TOO_LONG_414.setValues(response);
            } else if (message.contains("header is too large") || t instanceof MimeHeaders.MaxHeaderCountExceededException) {
                response.setStatus(431);
                response.setReasonPhrase("Request Header Fields Too Large");
            }
        }
        CAUSE.set(t);
        try {
            super.onHttpHeaderError(header, ctx, t);
        } finally {
            CAUSE.remove();
        }
    }

    @Override
    protected void onHttpContentError(HttpHeader header, FilterChainContext ctx, Throwable t) throws IOException {
        CAUSE.set(t);
        try {
            super.onHttpContentError(header, ctx, t);
        } finally {
            CAUSE.remove();
        }
    }

    @Override
    protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
        long started = System.nanoTime();
        HttpRequestPacket request = response.getRequest();
        int status = response.getStatus();
        ErrorCode code = switch (status) {
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            case 505 -> ErrorCode.HTTP_VERSION_NOT_SUPPORTED;
            default -> ErrorCode.MALFORMED_REQUEST;
        };
        String field = switch (code) {
            case URI_TOO_LONG -> "request line";
            case HEADERS_TOO_LARGE -> "headers";
            case HTTP_VERSION_NOT_SUPPORTED -> "protocol";
            default -> "request";
        };
        String detail = switch (code) {
            case URI_TOO_LONG -> "The request line is longer than the " + maxHeaderBytes + " bytes allowed for the request line and headers.";
            case HEADERS_TOO_LARGE -> "The request headers exceed " + maxHeaderBytes + " bytes or " + maxHeaders + " fields.";
            case HTTP_VERSION_NOT_SUPPORTED -> "Only HTTP/1.0 and HTTP/1.1 are served.";
            default -> "The request is not valid HTTP/1.1" + reason() + ".";
        };
        String target = target(request);
        DirectProblems.Prepared answer = problems.prepare(request == null ? null
                        : TraceIdFilter.chosen(request.getHeader("X-Trace-Id"), request.getHeader("traceparent")), target, code, status,
                detail, field, code == ErrorCode.MALFORMED_REQUEST ? "is not valid HTTP/1.1" : "exceeds the limit");
        if (request != null && request.getProtocol() == org.glassfish.grizzly.http.Protocol.HTTP_0_9) {
            // A request line never parsed reads as HTTP/0.9, for which Grizzly writes neither Content-Type nor a body.
            request.setProtocol(org.glassfish.grizzly.http.Protocol.HTTP_1_1);
        }
        response.setContentType(Problems.MEDIA_TYPE);
        response.setHeader("Connection", "close");
        response.setContentLength(answer.body().length);
        response.setHeader("X-Trace-Id", answer.traceId());
        String method = request == null || request.getMethod() == null ? "-" : request.getMethod().getMethodString();
        problems.record(method, target, status, started, answer);
        return HttpContent.builder(response)
                .content(Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, answer.body()))
                .last(true).build();
    }

    /** The cause in a few words, when the codec gave one: ": invalid chunk length" and the like. */
    private static String reason() {
        Throwable t = CAUSE.get();
        if (t == null || t.getMessage() == null || t.getMessage().isBlank()) {
            return "";
        }
        String message = t.getMessage().strip();
        return ": " + (message.length() > 160 ? message.substring(0, 160) + "…" : message);
    }

    /** What of the request target was parsed, capped: a 414's target is exactly what is too long. */
    private static String target(HttpRequestPacket request) {
        if (request == null || request.getRequestURI() == null || request.getRequestURI().isEmpty()) {
            return "/";
        }
        String query = request.getQueryString();
        String target = request.getRequestURI() + (query == null ? "" : "?" + query);
        return target.length() > 256 ? target.substring(0, 256) + "…" : target;
    }
}
