package com.qwire.mock.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load: request i is due at start + i / rate, whatever the server does. A pool of
 * keep-alive connections (one thread each) takes the requests in order; latency is measured from the
 * time a request was due, not from when it could be sent, so a slow server cannot hide its queueing
 * (no coordinated omission).
 */
final class OpenLoad {
    record Result(int sent, int created, int non2xx, int errors, Percentiles latencyMicros, long maxLateMicros, double seconds) {
        String describe() {
            return String.format(Locale.ROOT, "sent=%d created=%d non2xx=%d errors=%d p50=%s p99=%s", sent, created, non2xx, errors,
                    Percentiles.ms(latencyMicros.at(50)), Percentiles.ms(latencyMicros.at(99)));
        }
    }

    private final URI url;
    private final int connections;

    OpenLoad(URI url, int connections) {
        this.url = url;
        this.connections = connections;
    }

    Result run(double rate, Duration duration, String customerId) throws InterruptedException {
        int total = (int) Math.round(rate * duration.toNanos() / 1e9);
        double periodNanos = 1e9 / rate;
        byte[] body = ("{\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"3.00\",\"currency\":\"EUR\",\"customerId\":\""
                + customerId + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] request = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger non2xx = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong maxLate = new AtomicLong();
        Percentiles latency = new Percentiles();
        long start = System.nanoTime() + 10_000_000;
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < connections; w++) {
            Thread t = new Thread(() -> {
                Connection connection = null;
                while (true) {
                    int i = next.getAndIncrement();
                    if (i >= total) {
                        break;
                    }
                    long due = start + (long) (i * periodNanos);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    maxLate.accumulateAndGet((System.nanoTime() - due) / 1000, Math::max);
                    try {
                        if (connection == null) {
                            connection = new Connection(url.getHost(), url.getPort());
                        }
                        int status = connection.exchange(request);
                        if (status == 201) {
                            created.incrementAndGet();
                        } else {
                            non2xx.incrementAndGet();
                        }
                        if (connection.closed) {
                            connection = null;
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        if (connection != null) {
                            connection.close();
                        }
                        connection = null;
                    }
                    latency.add((System.nanoTime() - due) / 1000);
                }
                if (connection != null) {
                    connection.close();
                }
            }, "load-" + w);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(total, created.get(), non2xx.get(), errors.get(), latency, maxLate.get(), seconds);
    }

    /** A minimal HTTP/1.1 keep-alive exchange: send the request, read the status, the headers and the body. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private boolean closed;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16384);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(header.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closed = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                    skip(size);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length);
            }
            if (closed) {
                close();
            }
            return status;
        }

        private void skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String line() throws IOException {
            StringBuilder s = new StringBuilder(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int last = s.length() - 1;
                    if (last >= 0 && s.charAt(last) == '\r') {
                        s.setLength(last);
                    }
                    return s.toString();
                }
                s.append((char) c);
            }
            throw new IOException("connection closed");
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
