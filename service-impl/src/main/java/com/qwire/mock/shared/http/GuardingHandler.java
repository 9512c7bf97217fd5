package com.qwire.mock.shared.http;

import org.glassfish.grizzly.http.server.HttpHandler;

/** A handler in front of another (the Jersey container): its lifecycle is the guarded one's. */
abstract class GuardingHandler extends HttpHandler {
    protected final HttpHandler next;

    GuardingHandler(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void start() {
        next.start();
    }

    @Override
    public void destroy() {
        next.destroy();
    }
}
