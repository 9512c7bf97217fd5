package com.qwire.mock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay to the real database that a test can cut and restore, so "the database
 * went away" is a real network failure without stopping the shared server.
 */
public final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean forwarding = true;
    private volatile java.util.concurrent.CountDownLatch gate;
    private final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closed;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Drops every live connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        forwarding = false;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public void restore() {
        forwarding = true;
    }

    /** From now on a new connection is accepted but not relayed until {@link #openGate()}: the far side seems to hang. */
    public void closeGate() {
        gate = new java.util.concurrent.CountDownLatch(1);
    }

    public void openGate() {
        java.util.concurrent.CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Waits until a connection is held at the closed gate. */
    public boolean awaitHeldAtGate(java.time.Duration timeout) throws InterruptedException {
        return arrived.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                java.util.concurrent.CountDownLatch g = gate;
                if (g != null) {
                    arrived.countDown();
                    g.await();
                }
                if (!forwarding) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // one side went away: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
        server.close();
    }
}
