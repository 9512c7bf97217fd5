package com.qwire.mock.app;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code max} open connections per listener (QWIRE_HTTP_MAX_CONNECTIONS): a connection accepted
 * beyond it is closed at once, before it costs a buffer or a parse, so a flood of idle connections cannot
 * use up the process's file descriptors and take both ports (and the database pool) down with it. Grizzly
 * has no such bound of its own. The refusals are counted and logged at most every 10 s.
 */
final class ConnectionLimitAddOn implements AddOn {
    private static final Logger log = LoggerFactory.getLogger(ConnectionLimitAddOn.class);
    private static final Attribute<Boolean> COUNTED = Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("qwire.connectionCounted");

    private final String name;
    private final int max;

    ConnectionLimitAddOn(String name, int max) {
        this.name = name;
        this.max = max;
    }

    @Override
    public void setup(NetworkListener listener, FilterChainBuilder builder) {
        builder.add(builder.indexOfType(TransportFilter.class) + 1, new Limit());
    }

    private final class Limit extends BaseFilter {
        private final AtomicInteger open = new AtomicInteger();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong lastWarned = new AtomicLong();

        @Override
        public NextAction handleAccept(FilterChainContext ctx) {
            Connection<?> connection = ctx.getConnection();
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                long count = refused.incrementAndGet();
                long now = System.nanoTime();
                long last = lastWarned.get();
                if ((last == 0 || now - last > 10_000_000_000L) && lastWarned.compareAndSet(last, now)) {
                    log.warn("The {} port has {} connections open, its limit (QWIRE_HTTP_MAX_CONNECTIONS): new ones are closed at once "
                            + "({} so far)", name, max, count);
                }
                connection.closeSilently();
                return ctx.getStopAction();
            }
            COUNTED.set(connection, Boolean.TRUE);
            return ctx.getInvokeAction();
        }

        @Override
        public NextAction handleClose(FilterChainContext ctx) {
            if (COUNTED.remove(ctx.getConnection()) != null) {
                open.decrementAndGet();
            }
            return ctx.getInvokeAction();
        }
    }
}
