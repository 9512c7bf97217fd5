package com.qwire.mock.shared.http;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.RequestExecutorProvider;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.threadpool.GrizzlyExecutorService;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

/**
 * Runs the requests a predicate takes on workers of their own, every other request on the port's (issue 8).
 * Made for order creation: a creation mostly waits for its group's commit, and the creations waiting
 * meanwhile form the next group (GroupCommit), so the threads that may wait bound the group. 16 workers for
 * every request of a one-core server's port, instead of 4 per core, cost reads a third more p99 (21.7–26.4 ms
 * up to 30.3–46.0), from the scheduler sharing the core among 16 runnable threads; 16 for creations alone gave
 * POST +20 % and reads their tail back (bench/results.md, 2026-12-02). A lane gives creations the threads to
 * wait in without giving them to everything else.
 * <p>The lane's queue, like the port's, holds at most one request per open connection
 * (QWIRE_HTTP_MAX_CONNECTIONS). Its workers stop with the handler.
 */
public final class WorkerLane extends GuardingHandler {
    private final ExecutorService workers;
    private final RequestExecutorProvider executors;

    public WorkerLane(HttpHandler next, String name, int threads, Predicate<Request> takes) {
        super(next);
        this.workers = GrizzlyExecutorService.createInstance(ThreadPoolConfig.defaultConfig()
                .setPoolName(name).setCorePoolSize(threads).setMaxPoolSize(threads));
        RequestExecutorProvider port = next.getRequestExecutorProvider();
        // The port's provider answers null on a thread that may run the request itself (a worker already):
        // such a request stays where it is.
        this.executors = request -> {
            Executor executor = port.getExecutor(request);
            return executor != null && takes.test(request) ? workers : executor;
        };
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        next.service(request, response);
    }

    @Override
    public RequestExecutorProvider getRequestExecutorProvider() {
        return executors;
    }

    @Override
    public void destroy() {
        super.destroy();
        workers.shutdown(); // requests already queued still run
    }
}
