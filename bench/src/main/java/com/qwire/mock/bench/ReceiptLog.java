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
import java.util.List;

/**
 * Reads what the callback server recorded (its receipt log, one JSON object per line) from a byte
 * offset on, so a benchmark can count and time the callbacks that arrived since it started.
 */
final class ReceiptLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Receipt(String webhookId, String reference, Instant receivedAt, int responseStatus) {
    }

    private final Path file;

    ReceiptLog(Path file) {
        this.file = file;
    }

    long size() throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** Complete lines only: a line still being written is left for the next read. */
    List<Receipt> readFrom(long offset) throws IOException {
        List<Receipt> receipts = new ArrayList<>();
        if (!Files.exists(file)) {
            return receipts;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long end = in.length();
            if (end <= offset) {
                return receipts;
            }
            byte[] bytes = new byte[(int) (end - offset)];
            in.seek(offset);
            in.readFully(bytes);
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
        if (!Files.exists(file)) {
            return 0;
        }
        long lines = 0;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(offset);
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return lines;
    }

    private static Receipt parse(String line) throws IOException {
        JsonNode n = JSON.readTree(line);
        return new Receipt(n.path("webhookId").asText(null), n.path("reference").asText(null),
                Instant.parse(n.path("receivedAt").asText()), n.path("responseStatus").asInt());
    }
}
