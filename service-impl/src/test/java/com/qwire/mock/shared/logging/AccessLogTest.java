package com.qwire.mock.shared.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10: what a client sends cannot forge or hide console lines. */
class AccessLogTest {

    @Test
    void controlCharactersInABodyOrPathAreShownEscapedOnTheConsole() {
        Logger console = (Logger) LoggerFactory.getLogger("qwire.access.console");
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        console.addAppender(seen);
        try (AccessLog log = new AccessLog(4096, true)) {
            String forged = "not json\r12:00:00.000 INFO  [-] [-] c.q.m.o.OrderService - Order accepted\n\u001b[2Jcleared\u202eevil";
            log.record(new AccessLog.Exchange("POST", "/v1/order\u001b[31m", 400, 1000,
                    forged.getBytes(StandardCharsets.UTF_8), "{\"code\":\"MALFORMED_JSON\"}".getBytes(StandardCharsets.UTF_8), 25));
        } finally {
            console.detachAppender(seen);
        }
        assertThat(seen.list).hasSize(1);
        String shown = seen.list.get(0).getFormattedMessage();
        assertThat(shown).doesNotContain("\r", "\u001b", "\u202e")
                .contains("POST /v1/order\\u001b[31m -> 400")
                .contains("not json\\u000d12:00:00.000 INFO")
                .contains("\\u001b[2Jcleared\\u202eevil");
        assertThat(shown.lines()).as("the line feed stays, indented under the request").anyMatch(l -> l.startsWith("    \\u001b[2J"));
        assertThat(AccessLog.printable("plain\ttext\nok")).isEqualTo("plain\ttext\nok");
    }
}
