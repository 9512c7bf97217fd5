package com.qwire.mock.callback.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.qwire.mock.callback.domain.Receipt;
import com.qwire.mock.callback.domain.ReceiptStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * logs/callback-received.log is the store: one JSON line per receipt, appended and flushed as
 * written, never rewritten. The index behind GET /v1/check (and the dedupe set) is rebuilt from the
 * file at start-up, so answers stay right across restarts.
 */
public final class ReceiptLogStore implements ReceiptStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReceiptLogStore.class);
    private static final Set<String> MASKED = Set.of("authorization", "cookie", "proxy-authorization");

    private final ObjectMapper json = new ObjectMapper();
    private final Path file;
    private final java.time.Clock clock;
    private final Map<UUID, List<Receipt>> byReference = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private BufferedWriter out;

    public ReceiptLogStore(Path file, java.time.Clock clock) {
        this.file = file;
        this.clock = clock;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            int loaded = load();
            out = openForAppend();
            log.info("Receipt log {}: {} receipts indexed", file.toAbsolutePath(), loaded);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the receipt log " + file.toAbsolutePath(), e);
        }
    }

    private BufferedWriter openForAppend() throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), StandardCharsets.UTF_8));
    }

    /** Moves the log aside as callback-received.&lt;time&gt;.log (never rewritten), starts a new one, forgets the index. */
    @Override
    public synchronized void reset() {
        try {
            out.close();
            String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(java.time.ZoneOffset.UTC)
                    .format(clock.instant());
            String base = file.getFileName().toString().replaceFirst("\\.log$", "") + "." + stamp;
            if (Files.exists(file)) {
                // A manual clock can reset twice at one instant: number the later copies rather than overwrite.
                Path aside = file.resolveSibling(base + ".log");
                for (int n = 2; Files.exists(aside); n++) {
                    aside = file.resolveSibling(base + "-" + n + ".log");
                }
                Files.move(file, aside);
            }
            out = openForAppend();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rotate " + file.toAbsolutePath(), e);
        }
        byReference.clear();
        seen.clear();
        log.info("Receipt log reset: the previous one is kept beside it, timestamped");
    }

    @Override
    public boolean firstSighting(String webhookId) {
        return seen.add(webhookId);
    }

    @Override
    public void forget(String webhookId) {
        seen.remove(webhookId);
    }

    @Override
    public void append(Receipt receipt) {
        String line = toJson(receipt);
        synchronized (this) {
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot append to " + file.toAbsolutePath(), e);
            }
        }
        index(receipt);
    }

    @Override
    public List<Receipt> byReference(UUID reference) {
        List<Receipt> receipts = byReference.get(reference);
        if (receipts == null) {
            return List.of();
        }
        synchronized (receipts) {
            return List.copyOf(receipts);
        }
    }

    public Path file() {
        return file;
    }

    /** /check lists what arrived: verified or refused for a bad signature, but not what a fault turned away. */
    private void index(Receipt receipt) {
        if (receipt.reference() != null && receipt.fault() == null) {
            List<Receipt> receipts = byReference.computeIfAbsent(receipt.reference(), r -> Collections.synchronizedList(new ArrayList<>()));
            receipts.add(receipt);
        }
    }

    private int load() throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        int count = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Receipt r = fromJson(json.readTree(line));
                index(r);
                if (r.accepted()) {
                    seen.add(r.webhookId());
                }
                count++;
            } catch (IOException | RuntimeException e) {
                log.warn("Skipping an unreadable line in {}: {}", file, e.getMessage());
            }
        }
        return count;
    }

    private String toJson(Receipt r) {
        ObjectNode node = json.createObjectNode()
                .put("receivedAt", r.receivedAt().toString())
                .put("traceId", r.traceId())
                .put("webhookId", r.webhookId())
                .put("eventId", r.eventId() == null ? null : r.eventId().toString())
                .put("reference", r.reference() == null ? null : r.reference().toString())
                .put("status", r.status())
                .put("attempt", r.attempt());
        ObjectNode headers = node.putObject("headers");
        r.headers().forEach((k, v) -> headers.put(k, MASKED.contains(k.toLowerCase()) ? "***" : v));
        node.put("body", r.body())
                .put("signatureValid", r.signatureValid())
                .put("duplicate", r.duplicate())
                .put("responseStatus", r.responseStatus())
                .put("fault", r.fault());
        return node.toString();
    }

    private static Receipt fromJson(JsonNode n) {
        Map<String, String> headers = new HashMap<>();
        n.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return new Receipt(Instant.parse(n.get("receivedAt").asText()), text(n, "traceId"), text(n, "webhookId"),
                uuid(n, "eventId"), uuid(n, "reference"), text(n, "status"), n.path("attempt").asInt(1), headers,
                text(n, "body"), n.path("signatureValid").asBoolean(), n.path("duplicate").asBoolean(),
                n.path("responseStatus").asInt(), text(n, "fault"));
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static UUID uuid(JsonNode n, String field) {
        return n.hasNonNull(field) ? UUID.fromString(n.get(field).asText()) : null;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            log.warn("Closing {}: {}", file, e.getMessage());
        }
    }
}
