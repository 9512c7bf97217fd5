package com.qwire.mock.callback.infra;

import com.qwire.mock.shared.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The receipt log's files, named as Logback names the other logs' rolled files: the live
 * {@code callback-received.log}; rolled ones {@code callback-received.<yyyy-MM-dd>.<n>.log} (the UTC
 * day they were written, then a counter), which the index is rebuilt from, oldest first; and the ones
 * a reset put aside, {@code callback-received.<stamp>[.<yyyy-MM-dd>.<n>].log}, which it is not.
 * Retention, after each roll, as Logback's totalSizeCap: every file but the live one older than
 * {@code maxDays} goes, then the oldest while they together exceed {@code totalBytes} (the live file,
 * at most {@code maxFileBytes} and a line, comes on top). When rolled receipts go, the time of
 * the newest of them is kept beside the log ({@code callback-received.retained-since}) so /check can
 * say, across restarts, that older receipts may be missing.
 */
final class ReceiptLogFiles {
    private static final Logger log = LoggerFactory.getLogger(ReceiptLogFiles.class);

    private final Path live;
    private final String base;
    private final Pattern rolled;
    private final Pattern any;
    private final Path retainedSinceFile;
    private final Config.LogRetention retention;
    private final Clock wallClock;

    ReceiptLogFiles(Path live, Config.LogRetention retention, Clock wallClock) {
        this.live = live;
        this.base = live.getFileName().toString().replaceFirst("\\.log$", "");
        this.rolled = Pattern.compile(Pattern.quote(base) + "\\.(\\d{4}-\\d{2}-\\d{2})\\.(\\d+)\\.log");
        this.any = Pattern.compile(Pattern.quote(base) + "\\..+\\.log");
        this.retainedSinceFile = live.resolveSibling(base + ".retained-since");
        this.retention = retention;
        this.wallClock = wallClock;
    }

    LocalDate today() {
        return LocalDate.ofInstant(wallClock.instant(), ZoneOffset.UTC);
    }

    /** The UTC day the live file was last written, or today for a new one. */
    LocalDate liveDay() throws IOException {
        return Files.exists(live) ? LocalDate.ofInstant(Files.getLastModifiedTime(live).toInstant(), ZoneOffset.UTC) : today();
    }

    /** The rolled files the index is rebuilt from, oldest first. */
    List<Path> rolled() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(live.toAbsolutePath().getParent())) {
            list.filter(p -> rolled.matcher(p.getFileName().toString()).matches()).forEach(files::add);
        }
        files.sort(Comparator.comparing((Path p) -> group(p, 1)).thenComparingInt(p -> Integer.parseInt(group(p, 2))));
        return files;
    }

    /** Moves the live file to the next rolled name of {@code day}. */
    Path roll(LocalDate day) throws IOException {
        int n = 0;
        Path target;
        do {
            target = live.resolveSibling(base + "." + day + "." + n++ + ".log");
        } while (Files.exists(target));
        Files.move(live, target);
        return target;
    }

    /** A reset puts the rolled files aside with the live one ({@code stamp} names them); their receipts are forgotten. */
    void putAside(String stamp) throws IOException {
        for (Path p : rolled()) {
            String name = p.getFileName().toString();
            Files.move(p, p.resolveSibling(base + "." + stamp + name.substring(base.length())));
        }
        Files.deleteIfExists(retainedSinceFile);
    }

    Optional<Instant> retainedSince() {
        try {
            return Files.exists(retainedSinceFile)
                    ? Optional.of(Instant.parse(Files.readString(retainedSinceFile, StandardCharsets.US_ASCII).trim()))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("Ignoring unreadable {}: {}", retainedSinceFile, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Applies retention; {@code lastReceivedAt} reads the newest receipt time of a rolled file about to
     * go. Returns the new retained-since time, if rolled receipts went.
     */
    Optional<Instant> applyRetention(Function<Path, Optional<Instant>> lastReceivedAt) throws IOException {
        record Kept(Path path, long modified, long size) {
        }
        List<Kept> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(live.toAbsolutePath().getParent())) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (any.matcher(p.getFileName().toString()).matches()) {
                    files.add(new Kept(p, Files.getLastModifiedTime(p).toMillis(), Files.size(p)));
                }
            }
        }
        files.sort(Comparator.comparingLong(Kept::modified).thenComparing(k -> k.path().getFileName().toString()));
        long total = 0;
        for (Kept k : files) {
            total += k.size();
        }
        long oldest = wallClock.millis() - retention.maxDays() * 86_400_000L;
        Optional<Instant> since = Optional.empty();
        for (Kept k : files) {
            if (k.modified() >= oldest && total <= retention.totalBytes()) {
                break;
            }
            if (rolled.matcher(k.path().getFileName().toString()).matches()) {
                Optional<Instant> last = lastReceivedAt.apply(k.path());
                if (last.isPresent() && (since.isEmpty() || last.get().isAfter(since.get()))) {
                    since = last;
                }
            }
            Files.deleteIfExists(k.path());
            total -= k.size();
            log.info("Receipt log retention ({} days, {} bytes in all): deleted {}", retention.maxDays(), retention.totalBytes(), k.path());
        }
        if (since.isPresent()) {
            Instant newest = since.get();
            Instant kept = retainedSince().filter(previous -> previous.isAfter(newest)).orElse(newest);
            Path temp = retainedSinceFile.resolveSibling(retainedSinceFile.getFileName() + ".tmp");
            Files.writeString(temp, kept + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, retainedSinceFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(kept);
        }
        return Optional.empty();
    }

    /**
     * About how many lines a file holds: its size over the mean line length of its first 256 KiB (a
     * full count would read every byte of the files start-up then skips; receipts vary little in size).
     */
    static long estimatedLines(Path file) throws IOException {
        long size = Files.size(file);
        byte[] sample = new byte[(int) Math.min(size, 256 * 1024)];
        int read;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(sample, 0, sample.length);
        }
        long lines = 0;
        for (int i = 0; i < read; i++) {
            if (sample[i] == '\n') {
                lines++;
            }
        }
        return read == 0 ? 0 : Math.max(1, size * Math.max(1, lines) / read);
    }

    /** The last complete line of a file (read backwards from its end), if any. */
    static Optional<String> lastLine(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            while (end > 0) {
                raf.seek(end - 1);
                if (raf.read() != '\n') {
                    break;
                }
                end--;
            }
            long start = end;
            byte[] buffer = new byte[8192];
            while (start > 0) {
                int n = (int) Math.min(buffer.length, start);
                raf.seek(start - n);
                raf.readFully(buffer, 0, n);
                int cut = -1;
                for (int i = n - 1; i >= 0; i--) {
                    if (buffer[i] == '\n') {
                        cut = i;
                        break;
                    }
                }
                if (cut >= 0) {
                    start = start - n + cut + 1;
                    break;
                }
                start -= n;
            }
            if (end <= start) {
                return Optional.empty();
            }
            byte[] bytes = new byte[(int) (end - start)];
            raf.seek(start);
            raf.readFully(bytes);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private String group(Path p, int group) {
        Matcher m = rolled.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p.toString());
        }
        return m.group(group);
    }
}
