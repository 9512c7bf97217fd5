package com.qwire.mock.shared.http;

/** Names of the request properties the edge filters share. */
final class RequestAttributes {
    static final String TRACE_ID = "qwire.traceId";
    static final String STARTED_NANOS = "qwire.startedNanos";
    static final String REQUEST_BODY = "qwire.requestBody";

    private RequestAttributes() {
    }
}
