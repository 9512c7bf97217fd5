package com.qwire.mock.shared.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.io.EOFException;
import java.io.IOException;
import java.util.Locale;

/**
 * A client that goes away mid-request (mid-body, or before its answer is written) is not an error of
 * ours: the container's own reports of it (Jersey and Grizzly log them as SEVERE, with a stack trace)
 * are dropped; the exception mapper logs the abort once, at DEBUG (issue 10). So are Grizzly's reports of
 * a body it could not parse, which is answered and access-logged as a problem. Configured in logback.xml.
 */
public final class ClientAbortFilter extends TurboFilter {

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (t != null && logger.getName().startsWith("org.glassfish") && (isClientAbort(t) || isBrokenRequest(t))) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }

    /**
     * A request body the HTTP codec could not parse (a bad chunk size): the codec's filter answers it as a
     * MALFORMED_REQUEST problem and access-logs it; Grizzly's own WARN with a stack trace is noise.
     */
    static boolean isBrokenRequest(Throwable failure) {
        return failure instanceof org.glassfish.grizzly.http.HttpBrokenContentException;
    }

    /** Whether {@code failure} is the peer closing the connection: an early end of stream, a reset, a broken pipe. */
    public static boolean isClientAbort(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EOFException) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null) {
                String message = t.getMessage().toLowerCase(Locale.ROOT);
                if (message.contains("connection is closed") || message.contains("connection reset") || message.contains("broken pipe")
                        || message.contains("connection was aborted")) {
                    return true;
                }
            }
        }
        return false;
    }
}
