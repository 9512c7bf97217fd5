package com.qwire.mock.bench;

import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.webhook.WebhookSignatures;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak of issue 9: {@code --total} signed callbacks (realistic bodies, ten per order reference)
 * into a running callback server from {@code --threads} keep-alive senders. At every tenth of the way
 * it forces a full GC in the server ({@code jcmd GC.run}) and reads the heap used after it ({@code
 * jstat -gc}): a flat column means memory does not grow with what was received. Writes a Markdown
 * table to {@code --out}.
 */
final class Soak {
    private static final WebhookSignatures SIGNER = new WebhookSignatures(Config.DEFAULT_WEBHOOK_SECRET, Clock.systemUTC());

    public static void main(String[] args) throws Exception {
        String url = arg(args, "--url");
        long pid = Long.parseLong(arg(args, "--pid"));
        long total = Long.parseLong(arg(args, "--total"));
        int threads = Integer.parseInt(arg(args, "--threads"));
        Path out = Path.of(arg(args, "--out"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong next = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long step = Math.max(1, total / 10);
        List<String> rows = new ArrayList<>();
        rows.add("| received | heap used after full GC (MB) | server RSS (MB) | rate (callbacks/s) |");
        rows.add("|---:|---:|---:|---:|");
        long started = System.nanoTime();
        long checkpoint = step;
        long lastCount = 0;
        long lastNanos = started;
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            senders.execute(() -> {
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    try {
                        if (send(client, url, i) == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        senders.shutdown();
        boolean finished = false;
        while (!finished) {
            finished = senders.awaitTermination(200, TimeUnit.MILLISECONDS);
            long done = ok.get() + failed.get();
            if (done >= checkpoint || (finished && done > lastCount)) {
                long now = System.nanoTime();
                double rate = (done - lastCount) / ((now - lastNanos) / 1e9);
                rows.add(String.format(Locale.ROOT, "| %,d | %.1f | %d | %,.0f |", done, heapAfterGcMb(pid), rssMb(pid), rate));
                System.out.println("soak: " + rows.get(rows.size() - 1));
                lastCount = done;
                lastNanos = System.nanoTime();
                while (checkpoint <= done) {
                    checkpoint += step;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        rows.add("");
        rows.add(String.format(Locale.ROOT, "%,d callbacks in %.0f s (%,.0f/s): %,d answered 200, %,d not.", total, seconds, total / seconds,
                ok.get(), failed.get()));
        Files.write(out, rows, StandardCharsets.UTF_8);
        if (failed.get() > 0) {
            System.exit(1);
        }
    }

    /** Callback number {@code i}: the ({@code i % 10} + 1)th event of reference number {@code i / 10}. */
    private static int send(HttpClient client, String url, long i) throws IOException, InterruptedException {
        UUID reference = new UUID(0x5eed_0000_0000_4000L, 0x8000_0000_0000_0000L | (i / 10));
        UUID eventId = UUID.randomUUID();
        String now = Instant.now().toString();
        String body = "{\"eventId\":\"" + eventId + "\",\"type\":\"order.status_changed\",\"reference\":\"" + reference
                + "\",\"status\":\"PROCESSING\",\"previousStatus\":\"CREATED\",\"sequence\":" + (i % 10 + 1) + ",\"occurredAt\":\"" + now
                + "\",\"order\":{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"19.99\","
                + "\"currency\":\"EUR\",\"status\":\"PROCESSING\",\"scenario\":\"happy\",\"callbackUrl\":\"http://127.0.0.1/v1/callback\","
                + "\"createdAt\":\"" + now + "\",\"updatedAt\":\"" + now + "\",\"history\":[{\"to\":\"CREATED\",\"at\":\"" + now
                + "\",\"reason\":\"ORDER_CREATED\"},{\"from\":\"CREATED\",\"to\":\"PROCESSING\",\"at\":\"" + now
                + "\",\"reason\":\"PROCESSING_STARTED\"}]}}";
        long timestamp = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("webhook-id", eventId.toString())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", SIGNER.sign(eventId.toString(), timestamp, body))
                .header("X-Callback-Attempt", "1")
                .header("X-Trace-Id", "soak-" + i)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Forces a full GC in the server, then sums the used spaces jstat reports (survivors, eden, old), in MB. */
    static double heapAfterGcMb(long pid) throws IOException, InterruptedException {
        run("jcmd", Long.toString(pid), "GC.run");
        List<String> lines = run("jstat", "-gc", Long.toString(pid));
        String[] names = lines.get(0).trim().split("\\s+");
        String[] values = lines.get(1).trim().split("\\s+");
        double kb = 0;
        for (int i = 0; i < names.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                kb += Double.parseDouble(values[i]);
            }
        }
        return kb / 1024;
    }

    static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private static List<String> run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + lines);
        }
        return lines;
    }

    private static String arg(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }
}
