package com.qwire.mock.scheduler;

import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON line per delivery attempt in logs/callback-dispatch.log (logger {@code qwire.dispatch}). */
final class DispatchLog {
    private static final Logger FILE = LoggerFactory.getLogger("qwire.dispatch");
    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);

    void record(WebhookSender.Attempt attempt, Integer status, String responseBody, long durationMs, String outcome,
                OutboxDispatcher.Failure error, Instant nextAttemptAt) {
        var d = attempt.delivery();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("webhookId", d.eventId().toString());
        fields.put("attempt", d.attempt());
        fields.put("trigger", d.manual() ? "MANUAL" : "SCHEDULED");
        fields.put("url", d.targetUrl());
        fields.put("requestHeaders", attempt.headers());
        fields.put("requestBody", d.payload());
        fields.put("responseStatus", status);
        fields.put("responseBody", responseBody);
        fields.put("durationMs", durationMs);
        fields.put("outcome", outcome);
        fields.put("errorClass", error == null ? null : error.kind().name());
        fields.put("error", error == null ? null : error.message());
        fields.put("errorDetail", error == null ? null : error.detail());
        fields.put("nextAttemptAt", nextAttemptAt == null ? null : nextAttemptAt.toString());
        MDC.put("traceId", d.traceId());
        MDC.put("reference", d.reference().toString());
        try {
            FILE.info(Markers.appendEntries(fields), "callback {} attempt {} -> {}", d.eventId(), d.attempt(), outcome);
            log.info("Callback {} attempt {} to {}: {} {}{}", d.eventId(), d.attempt(), d.targetUrl(),
                    status == null ? error.kind() + " (" + error.message() + ")" : "HTTP " + status, outcome,
                    nextAttemptAt == null ? "" : ", next attempt at " + nextAttemptAt);
        } finally {
            MDC.remove("traceId");
            MDC.remove("reference");
        }
    }
}
