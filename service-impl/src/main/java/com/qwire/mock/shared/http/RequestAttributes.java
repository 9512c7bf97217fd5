package com.qwire.mock.shared.http;

/** Names of the request properties the edge filters share. */
final class RequestAttributes {
    static final String TRACE_ID = "qwire.traceId";
    static final String STARTED_NANOS = "qwire.startedNanos";
    static final String REQUEST_BODY = "qwire.requestBody";
    /** The response is suspended while its body is awaited ({@link BodyPrefetch}); it resumes it when the container is done. */
    static final String BODY_AWAITED = "qwire.bodyAwaited";
    /** The answer is held back by an injected delay ({@link DeferredAnswers}), which resumes the response itself. */
    static final String ANSWER_HELD = "qwire.answerHeld";

    private RequestAttributes() {
    }
}
