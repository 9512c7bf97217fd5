package com.qwire.mock.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sustained-lifecycle benchmark: creates orders at a fixed rate (open loop) for a while, step after
 * step at rising rates, against a platform running the default scenario. Every second it samples the
 * backlog (transitions and callbacks that are due but not yet delivered) and what the callback server
 * received; after each step it waits for the backlog to drain and measures callback lag (due -> received)
 * from the receipt log and the database. It prints one Markdown row per step and names the highest rate
 * whose backlog stayed flat.
 *
 * <pre>
 * java -cp qwire-bench.jar:qwire-mock.jar com.qwire.mock.bench.Sustained --url http://127.0.0.1:18080/v1/order \
 *   --db jdbc:mariadb://127.0.0.1:3306/qwire_bench --receipts logs/callback-received.log \
 *   --rates 500,1000,1500,2000 --seconds 60 --warmup-rate 300 --warmup-seconds 60 --out result.md
 * </pre>
 */
public final class Sustained {
    private static final String BACKLOG = "SELECT"
            + " (SELECT COUNT(*) FROM order_transitions WHERE status = 'PENDING' AND due_at <= UTC_TIMESTAMP(3))"
            + " + (SELECT COUNT(*) FROM callback_outbox WHERE status = 'PENDING' AND next_attempt_at <= UTC_TIMESTAMP(3))"
            + " + (SELECT COUNT(*) FROM callback_outbox WHERE status = 'IN_FLIGHT')";

    /** The sampler's own connection uses it: a connection's metadata URL may not carry what connecting needs. */
    private static String dbUrl;

    private Sustained() {
    }

    record Sample(double at, long backlog, long received) {
    }

    record Step(double rate, OpenLoad.Result load, List<Sample> samples, CallbackLag.Result lag, double drainSeconds) {
        /** Least-squares slope of the backlog (events per second) over the second half of the load. */
        double slope() {
            List<Sample> half = samples.subList(samples.size() / 2, samples.size());
            if (half.size() < 3) {
                return 0;
            }
            double mx = half.stream().mapToDouble(Sample::at).average().orElse(0);
            double my = half.stream().mapToDouble(Sample::backlog).average().orElse(0);
            double num = 0;
            double den = 0;
            for (Sample s : half) {
                num += (s.at() - mx) * (s.backlog() - my);
                den += (s.at() - mx) * (s.at() - mx);
            }
            return den == 0 ? 0 : num / den;
        }

        long maxBacklog() {
            return samples.stream().mapToLong(Sample::backlog).max().orElse(0);
        }

        /** How the step ended; see {@link Sustained#verdict}. */
        Verdict verdict() {
            return Sustained.verdict(rate, slope(), maxBacklog(), lag.lost(), receivedPerSecond());
        }

        boolean flat() {
            return verdict() == Verdict.FLAT;
        }

        double receivedPerSecond() {
            if (samples.size() < 2) {
                return 0;
            }
            Sample first = samples.get(0);
            Sample last = samples.get(samples.size() - 1);
            return (last.received() - first.received()) / (last.at() - first.at());
        }
    }

    /** How a step ended, as its row shows it. */
    enum Verdict {
        FLAT("flat"), GROWS("GROWS"), BEHIND("BEHIND");

        private final String shown;

        Verdict(String shown) {
            this.shown = shown;
        }

        @Override
        public String toString() {
            return shown;
        }
    }

    /**
     * Share of the offered callbacks per second that must come through for a step to count: the first
     * callbacks of a step arrive a scenario's delay after its first orders, a second or less of 45 to 60.
     */
    static final double KEPT_PACE = 0.95;

    /**
     * FLAT: over the second half the backlog grows by less than 2 % of the callback rate per second, it never
     * exceeds one second of callbacks, none is lost (two callbacks per order in the default scenario) — and the
     * callbacks came through at the offered rate. GROWS: the backlog did not stay flat, or a callback was lost.
     * BEHIND: the backlog stayed flat only because fewer orders got in than were offered: the creates queued in
     * front of the platform (the open-loop load times them from when they were due), so what reached the
     * pipeline was less than the rate — a step that does not hold that rate.
     */
    static Verdict verdict(double rate, double slope, long maxBacklog, int lost, double receivedPerSecond) {
        double callbacksPerSecond = 2 * rate;
        if (slope >= 0.02 * callbacksPerSecond || maxBacklog > callbacksPerSecond || lost != 0) {
            return Verdict.GROWS;
        }
        return receivedPerSecond >= KEPT_PACE * callbacksPerSecond ? Verdict.FLAT : Verdict.BEHIND;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        URI url = URI.create(opts.getOrDefault("url", "http://127.0.0.1:18080/v1/order"));
        dbUrl = opts.getOrDefault("db", "jdbc:mariadb://127.0.0.1:3306/qwire_bench");
        ReceiptLog receipts = new ReceiptLog(Path.of(opts.get("receipts")));
        Duration seconds = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("seconds", "60")));
        Duration drain = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("drain-seconds", "120")));
        OpenLoad load = new OpenLoad(url, Integer.parseInt(opts.getOrDefault("connections", "64")));
        String run = opts.getOrDefault("tag", "sustained-" + System.currentTimeMillis() / 1000);
        try (Connection db = Db.connect(dbUrl)) {
            double warmupRate = Double.parseDouble(opts.getOrDefault("warmup-rate", "300"));
            long warmupSeconds = Long.parseLong(opts.getOrDefault("warmup-seconds", "60"));
            if (warmupSeconds > 0) {
                System.out.printf(Locale.ROOT, "warm-up: %.0f orders/s for %d s%n", warmupRate, warmupSeconds);
                Step warm = step(db, receipts, load, warmupRate, Duration.ofSeconds(warmupSeconds), drain, run + "-warmup");
                System.out.println("warm-up: " + warm.load().describe() + ", drained in " + fmt(warm.drainSeconds()) + " s");
            }
            List<Step> steps = new ArrayList<>();
            for (String r : opts.getOrDefault("rates", "500,1000,1500,2000").split(",")) {
                double rate = Double.parseDouble(r.trim());
                System.out.printf(Locale.ROOT, "step: %.0f orders/s for %d s%n", rate, seconds.toSeconds());
                Step step = step(db, receipts, load, rate, seconds, drain, run + "-" + (int) rate);
                steps.add(step);
                System.out.println(row(step));
                if (!step.flat() && !opts.containsKey("keep-going")) {
                    break;
                }
            }
            String report = report(steps, seconds);
            System.out.println();
            System.out.println(report);
            if (opts.containsKey("out")) {
                Files.writeString(Path.of(opts.get("out")), report);
            }
        }
    }

    private static Step step(Connection db, ReceiptLog receipts, OpenLoad load, double rate, Duration duration, Duration drain,
                             String tag) throws Exception {
        long offset = receipts.size();
        List<Sample> samples = new ArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        long started = System.nanoTime();
        Thread sampler = new Thread(() -> {
            try (Connection own = Db.connect(dbUrl)) {
                while (loading.get()) {
                    double at = (System.nanoTime() - started) / 1e9;
                    samples.add(new Sample(at, backlog(own), receipts.countFrom(offset)));
                    Thread.sleep(1000);
                }
            } catch (Exception e) {
                System.err.println("sampler: " + e);
            }
        }, "sampler");
        sampler.start();
        OpenLoad.Result result = load.run(rate, duration, tag);
        loading.set(false);
        sampler.join();
        long drainStart = System.nanoTime();
        long deadline = drainStart + drain.toNanos();
        int expected = 2 * result.created();
        while (System.nanoTime() < deadline) {
            if (backlog(db) == 0 && receipts.countFrom(offset) >= expected) {
                break;
            }
            Thread.sleep(200);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        CallbackLag.Result lag = CallbackLag.of(db, tag, receipts.readFrom(offset));
        return new Step(rate, result, List.copyOf(samples), lag, drainSeconds);
    }

    private static long backlog(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(BACKLOG)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String row(Step s) {
        OpenLoad.Result l = s.load();
        CallbackLag.Result lag = s.lag();
        return String.format(Locale.ROOT, "| %.0f | %d/%d | %s | %s | %.0f | %d / %s / %d | %s | %s | %d | %s | %s |",
                s.rate(), l.created(), l.sent(), Percentiles.ms(l.latencyMicros().at(50)), Percentiles.ms(l.latencyMicros().at(99)),
                s.receivedPerSecond(), s.maxBacklog(), fmt(s.slope()), s.samples().isEmpty() ? 0 : s.samples().get(s.samples().size() - 1).backlog(),
                ms(lag.lagMillis().at(50)), ms(lag.lagMillis().at(99)), lag.lost(), fmt(s.drainSeconds()) + " s",
                s.verdict());
    }

    private static String report(List<Step> steps, Duration seconds) {
        StringBuilder out = new StringBuilder();
        out.append("| orders/s offered | created/sent | create p50 | create p99 | callbacks received/s | backlog max / slope per s / at end"
                + " | lag p50 | lag p99 | lost | drained after | backlog |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        steps.forEach(s -> out.append(row(s)).append('\n'));
        double best = steps.stream().filter(Step::flat).mapToDouble(Step::rate).max().orElse(0);
        out.append('\n').append(String.format(Locale.ROOT, "Highest rate with a flat backlog for %d s, its callbacks received at %.0f %% of the offered rate or more: **%.0f orders/s** (%.0f callbacks/s).%n",
                seconds.toSeconds(), 100 * KEPT_PACE, best, 2 * best));
        out.append("\nBacklog over time (every 5 s, due but not yet delivered):\n\n");
        for (Step s : steps) {
            StringBuilder series = new StringBuilder();
            for (int i = 0; i < s.samples().size(); i += 5) {
                series.append(i == 0 ? "" : " ").append(s.samples().get(i).backlog());
            }
            out.append(String.format(Locale.ROOT, "- %.0f/s: %s%n", s.rate(), series));
        }
        return out.toString();
    }

    private static String ms(long millis) {
        return millis + " ms";
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                opts.put(name, args[++i]);
            } else {
                opts.put(name, "true");
            }
        }
        return opts;
    }
}
