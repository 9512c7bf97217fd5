package com.qwire.mock.shared.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10: a client that sends part of a body and hangs up is answered (to nobody) and recorded in
 * the access log, but logs no error and no stack trace (before: two ERRORs with stack traces, one
 * ours as "Unhandled error", one Jersey's when it could not write the answer).
 */
class ClientAbortIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform();

    @Test
    void aClientThatHangsUpMidBodyLogsNoError() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger access = (Logger) LoggerFactory.getLogger("qwire.access");
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        root.addAppender(seen);
        access.addAppender(seen);
        try {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), platform.orderPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/order HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                        + "{\"productCode\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } // hung up with 85 bytes of the body missing
            await().atMost(Duration.ofSeconds(10)).until(() -> events(seen).stream()
                    .anyMatch(e -> e.getLoggerName().equals("qwire.access") && e.getFormattedMessage().startsWith("POST /v1/order ")));
            // The container's own report, when there was one, came just after the access line: none may come.
            await().alias("no warning or error logged").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> warnings(seen).isEmpty());
        } finally {
            root.detachAppender(seen);
            access.detachAppender(seen);
        }
        assertThat(warnings(seen)).isEmpty();
        assertThat(events(seen)).filteredOn(e -> e.getLoggerName().equals("qwire.access")).extracting(ILoggingEvent::getFormattedMessage)
                .as("answered as a bad request, not a 500").anyMatch(m -> m.startsWith("POST /v1/order 400"));
    }

    /** A copy taken under the appender's own lock (logback appends under it). */
    private static List<ILoggingEvent> events(ListAppender<ILoggingEvent> seen) {
        synchronized (seen) {
            return List.copyOf(seen.list);
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> seen) {
        return events(seen).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    }
}
