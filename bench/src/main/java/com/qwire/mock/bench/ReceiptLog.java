package com.qwire.mock.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what the callback server recorded (its receipt log, one JSON object per line) from an offset
 * on, so a benchmark can count and time the callbacks that arrived since it started. The log is read as
 * one stream: its rolled files ({@code callback-received.<day>.<n>.log}, oldest first) then the live one.
 * A busy run fills the live file's 64 MB and rolls it; reading the live file alone then lost every
 * receipt before the roll (a 40,000-event run counted 36,303 callbacks as lost).
 */
final class ReceiptLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Receipt(String webhookId, String reference, Instant receivedAt, int responseStatus) {
    }

    private final Path file;
    private final Pattern rolled;

    ReceiptLog(Path file) {
        this.file = file.toAbsolutePath();
        String base = this.file.getFileName().toString().replaceFirst("\\.log$", "");
        this.rolled = Pattern.compile(Pattern.quote(base) + "\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.log");
    }

    /** The rolled files, oldest first, then the live one: the order the receipts were written in. */
    private List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(file.getParent())) {
            try (Stream<Path> list = Files.list(file.getParent())) {
                list.filter(p -> rolled.matcher(p.getFileName().toString()).matches())
                        .sorted(Comparator.comparing((Path p) -> group(p, 1)).thenComparingInt(p -> Integer.parseInt(group(p, 2))))
                        .forEach(files::add);
            }
        }
        if (Files.exists(file)) {
            files.add(file);
        }
        return files;
    }

    private String group(Path p, int group) {
        Matcher m = rolled.matcher(p.getFileName().toString());
        m.matches();
        return m.group(group);
    }

    /** Bytes written so far, across all files: an offset for {@link #readFrom} and {@link #countFrom}. */
    long size() throws IOException {
        long size = 0;
        for (Path p : files()) {
            size += Files.size(p);
        }
        return size;
    }

    /** Complete lines only: a line still being written is left for the next read. */
    List<Receipt> readFrom(long offset) throws IOException {
        List<Receipt> receipts = new ArrayList<>();
        for (byte[] bytes : bytesFrom(offset)) {
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    if (i > start) {
                        receipts.add(parse(new String(bytes, start, i - start, StandardCharsets.UTF_8)));
                    }
                    start = i + 1;
                }
            }
        }
        return receipts;
    }

    /** Counts complete lines from {@code offset} to the end, without parsing them. */
    long countFrom(long offset) throws IOException {
        long lines = 0;
        for (byte[] bytes : bytesFrom(offset)) {
            for (byte b : bytes) {
                if (b == '\n') {
                    lines++;
                }
            }
        }
        return lines;
    }

    /** Each file's bytes past {@code offset} of the whole stream (lines never span files: the log rolls between them). */
    private List<byte[]> bytesFrom(long offset) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        long skipped = 0;
        for (Path p : files()) {
            try (RandomAccessFile in = new RandomAccessFile(p.toFile(), "r")) {
                long length = in.length();
                long from = Math.max(0, offset - skipped);
                skipped += length;
                if (from >= length) {
                    continue;
                }
                byte[] bytes = new byte[(int) (length - from)];
                in.seek(from);
                in.readFully(bytes);
                parts.add(bytes);
            } catch (java.io.FileNotFoundException rolledMeanwhile) {
                // the live file was renamed between the listing and the read: the next read sees it rolled
            }
        }
        return parts;
    }

    private static Receipt parse(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        return new Receipt(n.path("webhookId").asText(null), n.path("reference").asText(null),
                Instant.parse(n.path("receivedAt").asText()), n.path("responseStatus").asInt());
    }
}
