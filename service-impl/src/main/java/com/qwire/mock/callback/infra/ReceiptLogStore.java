package com.qwire.mock.callback.infra;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.qwire.mock.callback.domain.Receipt;
import com.qwire.mock.callback.domain.ReceiptHistory;
import com.qwire.mock.callback.domain.ReceiptStore;
import com.qwire.mock.shared.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * logs/callback-received.log is the store: one JSON line per receipt, appended and flushed as
 * written, never rewritten. The index behind GET /v1/check (and the dedupe of webhook ids) is
 * bounded ({@link ReceiptIndex}) and rebuilt by streaming the file at start-up, so answers stay
 * right across restarts and memory stays flat however much arrives.
 */
public final class ReceiptLogStore implements ReceiptStore, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReceiptLogStore.class);
    private static final DateTimeFormatter ASIDE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS").withZone(ZoneOffset.UTC);

    private final JsonFactory json = new JsonFactory()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET).disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);
    private final Path file;
    private final Clock clock;
    private final Clock logClock;
    private final ReceiptIndex index;
    private final ReceiptLogFiles files;
    /** Header names (lower case) whose values are written as {@code ***}. */
    private final Set<String> masked;
    private final long maxFileBytes;
    private final int maxReceipts;
    private BufferedWriter out;
    /** Bytes in the live file, and the UTC day (wall clock) it holds: it rolls at the size or the day's end. */
    private long liveBytes;
    private java.time.LocalDate liveDay;

    /**
     * {@code clock} is the platform's (receivedAt, and the name a reset gives the old log); {@code
     * logClock} the wall clock every log line of the platform is stamped with ({@code @timestamp}), so
     * search-logs orders receipts among the other logs' lines even under a manual clock.
     */
    public ReceiptLogStore(Path file, Clock clock, Clock logClock, int maxReceipts, int maxPerReference, Config.LogRetention retention,
                           java.util.Collection<String> sensitiveHeaders) {
        this.file = file;
        this.masked = sensitiveHeaders.stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.clock = clock;
        this.logClock = logClock;
        this.index = new ReceiptIndex(maxReceipts, maxPerReference);
        this.files = new ReceiptLogFiles(file, retention, logClock);
        this.maxFileBytes = retention.maxFileBytes();
        this.maxReceipts = maxReceipts;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            long started = System.nanoTime();
            files.retainedSince().ifPresent(index::retainSince);
            Load loaded = load();
            liveDay = files.liveDay();
            out = openForAppend();
            if (loaded.tornLastLine()) {
                out.write('\n'); // the torn line stays as it was; the next receipt starts on a line of its own
                out.flush();
            }
            log.info("Receipt log {}: {} receipts read in {} ms, {} indexed for {} references (bounds {} in all, {} per reference){}",
                    file.toAbsolutePath(), loaded.read(), (System.nanoTime() - started) / 1_000_000, index.size(), index.references(),
                    maxReceipts, maxPerReference, loaded.skipped() == 0 ? "" : "; " + loaded.skipped() + " unreadable lines skipped");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the receipt log " + file.toAbsolutePath(), e);
        }
    }

    public ReceiptLogStore(Path file, Clock clock, Clock logClock, int maxReceipts, int maxPerReference) {
        this(file, clock, logClock, maxReceipts, maxPerReference, Config.LogRetention.DEFAULT, Config.DEFAULT_SENSITIVE_HEADERS);
    }

    private BufferedWriter openForAppend() throws IOException {
        liveBytes = Files.exists(file) ? Files.size(file) : 0;
        return new BufferedWriter(new OutputStreamWriter(new java.io.FilterOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                liveBytes += len;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                liveBytes++;
            }
        }, StandardCharsets.UTF_8));
    }

    /**
     * Before a write: rolls the live file when it reached its size or holds an earlier day, then applies
     * retention. A roll that fails leaves the live file in use (logged; tried again at the next write).
     */
    private void rollIfDue() {
        java.time.LocalDate today = files.today();
        if (liveBytes == 0 || (liveBytes < maxFileBytes && today.equals(liveDay))) {
            return;
        }
        try {
            out.flush();
            out.close();
            Path rolledTo = files.roll(liveDay);
            log.info("Receipt log rolled to {} ({} bytes)", rolledTo.getFileName(), Files.size(rolledTo));
        } catch (IOException e) {
            log.warn("Could not roll the receipt log {}: {}", file, e.getMessage());
        }
        try {
            out = openForAppend();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reopen the receipt log " + file.toAbsolutePath(), e);
        }
        liveDay = today;
        try {
            files.applyRetention(this::lastReceivedAt).ifPresent(index::retainSince);
        } catch (IOException e) {
            log.warn("Receipt log retention failed (tried again at the next roll): {}", e.getMessage());
        }
    }

    private java.util.Optional<Instant> lastReceivedAt(Path rolled) {
        try {
            return ReceiptLogFiles.lastLine(rolled).map(line -> {
                try {
                    return parse(line, true).receivedAt();
                } catch (IOException e) {
                    return null;
                }
            });
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Moves the log aside as callback-received.&lt;time&gt;.log (never rewritten) — its rolled files too,
     * as callback-received.&lt;time&gt;.&lt;day&gt;.&lt;n&gt;.log — starts a new one, forgets the index.
     * The moves come first: if one fails, the current log stays open and in use.
     */
    @Override
    public synchronized void reset() {
        BufferedWriter previous = out;
        try {
            String base = file.getFileName().toString().replaceFirst("\\.log$", "");
            // A manual clock can reset twice at one instant: number the later copies rather than overwrite.
            String stamp = ASIDE_STAMP.format(clock.instant());
            for (int n = 2; Files.exists(file.resolveSibling(base + "." + stamp + ".log")); n++) {
                stamp = ASIDE_STAMP.format(clock.instant()) + "-" + n;
            }
            files.putAside(stamp);
            if (Files.exists(file)) {
                previous.flush();
                Files.move(file, file.resolveSibling(base + "." + stamp + ".log"));
            }
            out = openForAppend();
            liveDay = files.today();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot rotate " + file.toAbsolutePath(), e);
        }
        closeQuietly(previous);
        index.clear();
        log.info("Receipt log reset: the previous one is kept beside it, timestamped");
    }

    @Override
    public boolean firstSighting(UUID reference, String webhookId) {
        return index.firstSighting(reference, webhookId);
    }

    @Override
    public void forget(UUID reference, String webhookId) {
        index.forget(reference, webhookId);
    }

    /** Written, flushed and indexed under one lock, so a reset never separates a line from its index entry. */
    @Override
    public synchronized void append(Receipt receipt) {
        rollIfDue();
        try {
            write(receipt);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to " + file.toAbsolutePath(), e);
        }
        index.add(receipt, false);
    }

    @Override
    public ReceiptHistory byReference(UUID reference) {
        return index.history(reference);
    }

    /** Receipts held in the in-memory index. */
    public double indexedReceipts() {
        return index.size();
    }

    /** References with receipts in the in-memory index. */
    public double indexedReferences() {
        return index.references();
    }

    public Path file() {
        return file;
    }

    private void write(Receipt r) throws IOException {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("@timestamp", logClock.instant().toString());
            g.writeStringField("receivedAt", r.receivedAt().toString());
            g.writeStringField("traceId", r.traceId());
            g.writeStringField("webhookId", r.webhookId());
            g.writeStringField("eventId", r.eventId() == null ? null : r.eventId().toString());
            g.writeStringField("reference", r.reference() == null ? null : r.reference().toString());
            g.writeStringField("status", r.status());
            g.writeNumberField("attempt", r.attempt());
            // What the index reads comes before headers and body, so start-up need not scan those (parse()).
            g.writeBooleanField("signatureValid", r.signatureValid());
            g.writeBooleanField("duplicate", r.duplicate());
            g.writeNumberField("responseStatus", r.responseStatus());
            g.writeStringField("fault", r.fault());
            g.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                g.writeStringField(h.getKey(), masked.contains(h.getKey().toLowerCase(java.util.Locale.ROOT)) ? "***" : h.getValue());
            }
            g.writeEndObject();
            g.writeStringField("body", r.body());
            g.writeEndObject();
        }
    }

    private record Load(long read, long skipped, boolean tornLastLine) {
    }

    /**
     * Streams the rolled files, oldest first, then the live one, line by line; a line that does not
     * parse (a torn last write) is skipped and reported.
     */
    private Load load() throws IOException {
        long read = 0;
        long skipped = 0;
        List<Path> rolled = files.rolled();
        // Start-up work is bounded by the index, not by the retained log: only the newest rolled files
        // that can fill it are read (one more than the estimate asks, for its error); receipts in older
        // ones may be missing, and /check says since when.
        long room = maxReceipts - (Files.exists(file) ? ReceiptLogFiles.estimatedLines(file) : 0);
        int first = rolled.size();
        while (first > 0 && room > 0) {
            first--;
            room -= ReceiptLogFiles.estimatedLines(rolled.get(first));
        }
        first = Math.max(0, first - 1);
        if (first > 0) {
            lastReceivedAt(rolled.get(first - 1)).ifPresent(index::retainSince);
            log.info("Receipt log: {} older rolled files not read, the index being full without them", first);
        }
        for (Path older : rolled.subList(first, rolled.size())) {
            Load part = load(older);
            read += part.read();
            skipped += part.skipped();
        }
        if (!Files.exists(file)) {
            return new Load(read, skipped, false);
        }
        Load live = load(file);
        return new Load(read + live.read(), skipped + live.skipped(), !endsWithNewline());
    }

    private Load load(Path path) throws IOException {
        long read = 0;
        long skipped = 0;
        long lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String next = in.readLine();
            for (String line = next; line != null; line = next) {
                next = in.readLine();
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    // Only the live file's last line can be torn (appends are whole lines): it is checked whole.
                    index.add(parse(line, next == null && path.equals(file)), true);
                    read++;
                } catch (IOException | RuntimeException e) {
                    skipped++;
                    log.warn("Skipping unreadable line {} of {}: {}", lineNumber, path, e.getMessage());
                }
            }
        }
        return new Load(read, skipped, false);
    }

    private boolean endsWithNewline() throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() == 0) {
                return true;
            }
            raf.seek(raf.length() - 1);
            return raf.read() == '\n';
        }
    }

    /**
     * Reads what the index needs; headers and body are skipped, not built. Unless {@code whole}, a line
     * written with them last (as now) ends at the headers: the line is known complete when it ends with
     * its last field's end, the body string's closing quote (or null) and the object's brace.
     */
    private Receipt parse(String line, boolean whole) throws IOException {
        Instant receivedAt = null;
        String webhookId = null;
        String status = null;
        UUID eventId = null;
        UUID reference = null;
        int attempt = 1;
        boolean valid = false;
        boolean duplicate = false;
        int responseStatus = 0;
        String fault = null;
        try (JsonParser p = json.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            boolean outcomeRead = false;
            boolean quick = !whole && endsComplete(line);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (quick && outcomeRead && field.equals("headers")) {
                    return receipt(receivedAt, webhookId, eventId, reference, status, attempt, valid, duplicate, responseStatus, fault);
                }
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "receivedAt" -> receivedAt = Instant.parse(p.getText());
                    case "webhookId" -> webhookId = p.getText();
                    case "status" -> status = p.getText();
                    case "eventId" -> eventId = UUID.fromString(p.getText());
                    case "reference" -> reference = UUID.fromString(p.getText());
                    case "attempt" -> attempt = p.getIntValue();
                    case "signatureValid" -> valid = p.getBooleanValue();
                    case "duplicate" -> duplicate = p.getBooleanValue();
                    case "responseStatus" -> {
                        responseStatus = p.getIntValue();
                        outcomeRead = true;
                    }
                    case "fault" -> fault = p.getText();
                    default -> {
                        // traceId, body: in the log for people, not needed by the index
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("the line ends before its JSON object does");
            }
        }
        return receipt(receivedAt, webhookId, eventId, reference, status, attempt, valid, duplicate, responseStatus, fault);
    }

    private static Receipt receipt(Instant receivedAt, String webhookId, UUID eventId, UUID reference, String status, int attempt,
                                   boolean valid, boolean duplicate, int responseStatus, String fault) throws IOException {
        if (receivedAt == null) {
            throw new IOException("no receivedAt");
        }
        return new Receipt(receivedAt, null, webhookId, eventId, reference, status, attempt, Map.of(), null, valid, duplicate,
                responseStatus, fault);
    }

    /** Whether a line ends as a whole receipt line does: {@code null}} or a closing quote (not escaped) then {@code }}. */
    private static boolean endsComplete(String line) {
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        if (end < 2 || line.charAt(end - 1) != '}') {
            return false;
        }
        if (line.startsWith("null", end - 5)) {
            return true;
        }
        if (line.charAt(end - 2) != '"') {
            return false;
        }
        int backslashes = 0;
        for (int i = end - 3; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 0;
    }

    private void closeQuietly(BufferedWriter writer) {
        try {
            writer.close();
        } catch (IOException e) {
            log.warn("Closing {}: {}", file, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closeQuietly(out);
    }
}
