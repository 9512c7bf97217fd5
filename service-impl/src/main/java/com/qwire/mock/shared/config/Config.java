package com.qwire.mock.shared.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every setting of the platform, read once at start-up. Each comes from an environment variable
 * (listed in .env.example) or a system property of the same name, else from the seed's default.
 */
public record Config(
        Optional<String> dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        Duration dbConnectTimeout,
        Path dataDir,
        String bindHost,
        int orderPort,
        int callbackPort,
        int httpWorkers,
        int orderCreateWorkers,
        int httpMaxConnections,
        Duration httpReadTimeout,
        Path logDir,
        String callbackUrl,
        Optional<String> publicBaseUrl,
        List<String> callbackAllowedHosts,
        List<String> callbackDeniedHosts,
        boolean accessLogConsole,
        int accessLogBodyLimit,
        boolean metricsEnabled,
        Duration shutdownGrace,
        Duration retryAfter,
        Duration productCacheTtl,
        Duration processingDelay,
        Duration completionDelay,
        Delivery delivery,
        Circuits circuits,
        LogRetention logRetention,
        List<String> sensitiveHeaders,
        Optional<String> adminToken,
        Optional<String> receiverFaults,
        int receiptIndexMax,
        int receiptsPerReference,
        OptionalLong seed,
        boolean manualClock,
        Instant clockStart,
        Optional<Path> scenarioDir,
        Optional<Path> scenarioRules,
        String defaultScenario,
        Map<String, String> source) {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Header values never written to a log (case-insensitive names), unless QWIRE_SENSITIVE_HEADERS says otherwise. */
    public static final List<String> DEFAULT_SENSITIVE_HEADERS = List.of("authorization", "proxy-authorization", "cookie", "set-cookie",
            "x-api-key");
    /** Where callbacks never go unless QWIRE_CALLBACK_DENIED_HOSTS says otherwise: link-local and cloud metadata, "this network", multicast, broadcast. */
    public static final List<String> DEFAULT_DENIED_CALLBACK_HOSTS = List.of("169.254.0.0/16", "fe80::/10", "0.0.0.0/8", "::/128",
            "224.0.0.0/4", "ff00::/8", "255.255.255.255/32", "fd00:ec2::254/128", "metadata.google.internal", "metadata.goog");
    /** Where a manual clock starts unless QWIRE_CLOCK_START says otherwise: fixed, so runs are reproducible. */
    public static final Instant DEFAULT_CLOCK_START = Instant.parse("2026-01-01T00:00:00Z");
    /** The shared default signing secret (also in .env.example); set your own in any shared environment. */
    public static final String DEFAULT_WEBHOOK_SECRET = "whsec_cXdpcmUtbW9jay1kZWZhdWx0LXNpZ25pbmcta2V5LTIwMjY=";

    /** How callbacks are delivered: signing, retries with backoff, timeouts, leases, concurrency. */
    public record Delivery(String webhookSecret, int maxAttempts, Duration initialBackoff, double backoffMultiplier,
                           double backoffRandomization, Duration maxBackoff, Duration attemptTimeout,
                           Duration connectTimeout, Duration lease, int concurrency, Duration pollInterval) {
        public Delivery {
            if (lease.compareTo(attemptTimeout.plus(connectTimeout)) <= 0) {
                throw new IllegalArgumentException("QWIRE_CALLBACK_LEASE_MS (" + lease.toMillis() + ") must exceed "
                        + "QWIRE_CALLBACK_TIMEOUT_MS + QWIRE_CALLBACK_CONNECT_TIMEOUT_MS (" + attemptTimeout.plus(connectTimeout).toMillis()
                        + "): a healthy attempt must never outlive its lease and be sent twice");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("QWIRE_CALLBACK_MAX_ATTEMPTS must be at least 1");
            }
            if (backoffRandomization < 0 || backoffRandomization > 1) {
                throw new IllegalArgumentException("QWIRE_CALLBACK_BACKOFF_RANDOMIZATION must be between 0 and 1");
            }
        }

        @Override
        public String toString() {
            return "Delivery[maxAttempts=" + maxAttempts + " initialBackoff=" + initialBackoff + " timeout=" + attemptTimeout + "]";
        }
    }

    /**
     * Each callback target's share and circuit breaker: at most {@code perTargetConcurrency} attempts in
     * flight per target; a breaker opens when at least {@code failureRatePercent} of the last
     * {@code window} attempts (once {@code minimumCalls} were made) failed, holds the target's events for
     * {@code openFor}, then lets {@code probes} attempts through to decide.
     */
    public record Circuits(boolean enabled, int perTargetConcurrency, int window, int minimumCalls, float failureRatePercent,
                           Duration openFor, int probes, int maxTargets) {
        public Circuits {
            if (perTargetConcurrency < 1 || window < 1 || minimumCalls < 1 || probes < 1 || maxTargets < 1) {
                throw new IllegalArgumentException("QWIRE_TARGET_CONCURRENCY, QWIRE_CIRCUIT_WINDOW, QWIRE_CIRCUIT_MIN_CALLS,"
                        + " QWIRE_CIRCUIT_PROBES and QWIRE_CIRCUIT_MAX_TARGETS must be at least 1");
            }
            if (failureRatePercent <= 0 || failureRatePercent > 100) {
                throw new IllegalArgumentException("QWIRE_CIRCUIT_FAILURE_RATE must be above 0 and at most 100");
            }
        }
    }

    /**
     * How every log file rolls (Logback's SizeAndTimeBasedRollingPolicy for the three Logback logs, the
     * receipt store for callback-received.log): at {@code maxFileBytes} or at midnight UTC, rolled files
     * kept {@code maxDays} days and, per log, {@code totalBytes} in all.
     */
    public record LogRetention(long maxFileBytes, int maxDays, long totalBytes) {
        public static final LogRetention DEFAULT = new LogRetention(64L << 20, 7, 1L << 30);

        public LogRetention {
            if (maxFileBytes < 1 || maxDays < 1 || totalBytes < maxFileBytes) {
                throw new IllegalArgumentException("QWIRE_LOG_MAX_FILE_SIZE and QWIRE_LOG_MAX_DAYS must be positive and"
                        + " QWIRE_LOG_TOTAL_SIZE at least QWIRE_LOG_MAX_FILE_SIZE");
            }
        }
    }

    /**
     * The range of every whole-number setting: a value outside ends start-up with one line naming the
     * setting and its range (issue 10: 0 workers, a negative timeout or an overflowing number either
     * started a broken platform or failed with a stack trace). A setting read without a range is a bug.
     */
    static final Map<String, long[]> RANGES = Map.ofEntries(
            Map.entry("QWIRE_DB_POOL_SIZE", new long[] {1, 1000L}),
            Map.entry("QWIRE_DB_CONNECT_TIMEOUT_MS", new long[] {100, 600000L}),
            Map.entry("QWIRE_HTTP_WORKERS", new long[] {1, 1024L}),
            Map.entry("QWIRE_ORDER_CREATE_WORKERS", new long[] {1, 1024L}),
            Map.entry("QWIRE_HTTP_MAX_CONNECTIONS", new long[] {16, 65535L}),
            Map.entry("QWIRE_HTTP_READ_TIMEOUT_MS", new long[] {100, 600000L}),
            Map.entry("QWIRE_ACCESS_LOG_BODY_LIMIT", new long[] {0, 65536L}),
            Map.entry("QWIRE_SHUTDOWN_GRACE_MS", new long[] {0, 600000L}),
            Map.entry("QWIRE_RETRY_AFTER_SECONDS", new long[] {1, 3600L}),
            Map.entry("QWIRE_PRODUCT_CACHE_TTL_MS", new long[] {0, 3600000L}),
            Map.entry("QWIRE_PROCESSING_DELAY_MS", new long[] {0, 86400000L}),
            Map.entry("QWIRE_COMPLETION_DELAY_MS", new long[] {0, 86400000L}),
            Map.entry("QWIRE_CALLBACK_MAX_ATTEMPTS", new long[] {1, 100L}),
            Map.entry("QWIRE_CALLBACK_INITIAL_BACKOFF_MS", new long[] {1, 86400000L}),
            Map.entry("QWIRE_CALLBACK_MAX_BACKOFF_MS", new long[] {1, 86400000L}),
            Map.entry("QWIRE_CALLBACK_TIMEOUT_MS", new long[] {1, 600000L}),
            Map.entry("QWIRE_CALLBACK_CONNECT_TIMEOUT_MS", new long[] {1, 600000L}),
            Map.entry("QWIRE_CALLBACK_LEASE_MS", new long[] {1000, 86400000L}),
            Map.entry("QWIRE_DISPATCH_CONCURRENCY", new long[] {1, 4096L}),
            Map.entry("QWIRE_SCHEDULER_POLL_MS", new long[] {1, 60000L}),
            Map.entry("QWIRE_TARGET_CONCURRENCY", new long[] {1, 4096L}),
            Map.entry("QWIRE_CIRCUIT_WINDOW", new long[] {1, 10000L}),
            Map.entry("QWIRE_CIRCUIT_MIN_CALLS", new long[] {1, 10000L}),
            Map.entry("QWIRE_CIRCUIT_OPEN_MS", new long[] {1, 86400000L}),
            Map.entry("QWIRE_CIRCUIT_PROBES", new long[] {1, 1000L}),
            Map.entry("QWIRE_CIRCUIT_MAX_TARGETS", new long[] {1, 1000000L}),
            Map.entry("QWIRE_LOG_MAX_DAYS", new long[] {1, 3650L}),
            Map.entry("QWIRE_RECEIPT_INDEX_MAX", new long[] {1, 10000000L}),
            Map.entry("QWIRE_RECEIPTS_PER_REFERENCE", new long[] {1, 100000L}));

    public static Config fromEnvironment() {
        Map<String, String> settings = new HashMap<>(System.getenv());
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("QWIRE_")) {
                settings.put(k.toString(), v.toString());
            }
        });
        return from(settings);
    }

    public static Config from(Map<String, String> env) {
        Settings s = new Settings(env);
        int callbackPort = s.port("QWIRE_CALLBACK_PORT", 8081);
        // Requests block on JDBC: a few threads per core keep the CPU busy without thrashing it.
        int perCore = 4 * Runtime.getRuntime().availableProcessors();
        Config config = new Config(
                s.optional("QWIRE_DB_URL").map(Settings::dbUrl),
                s.string("QWIRE_DB_USER", "qwire"),
                s.string("QWIRE_DB_PASSWORD", "Qwire2026"),
                s.integer("QWIRE_DB_POOL_SIZE", perCore),
                Duration.ofMillis(s.integer("QWIRE_DB_CONNECT_TIMEOUT_MS", 2000)),
                Path.of(s.string("QWIRE_DATA_DIR", "data")),
                Settings.bindHost(s.string("QWIRE_BIND_HOST", "0.0.0.0")),
                s.port("QWIRE_ORDER_PORT", 8080),
                callbackPort,
                s.integer("QWIRE_HTTP_WORKERS", perCore),
                // A creation waits for its group's commit, and those waiting meanwhile form the next group: these
                // threads bound the group, whatever the cores (WorkerLane; bench/results.md, 2026-12-02).
                s.integer("QWIRE_ORDER_CREATE_WORKERS", 16),
                s.integer("QWIRE_HTTP_MAX_CONNECTIONS", 4096),
                Duration.ofMillis(s.integer("QWIRE_HTTP_READ_TIMEOUT_MS", 10_000)),
                Path.of(s.string("QWIRE_LOG_DIR", "logs")),
                s.string("QWIRE_CALLBACK_URL", "http://localhost:" + callbackPort + "/v1/callback"),
                s.optional("QWIRE_PUBLIC_BASE_URL").map(Settings::baseUrl),
                s.list("QWIRE_CALLBACK_ALLOWED_HOSTS", List.of()),
                s.list("QWIRE_CALLBACK_DENIED_HOSTS", DEFAULT_DENIED_CALLBACK_HOSTS),
                s.bool("QWIRE_ACCESS_LOG_CONSOLE", true),
                s.integer("QWIRE_ACCESS_LOG_BODY_LIMIT", 4096),
                s.bool("QWIRE_METRICS_ENABLED", true),
                Duration.ofMillis(s.integer("QWIRE_SHUTDOWN_GRACE_MS", 5000)),
                Duration.ofSeconds(s.integer("QWIRE_RETRY_AFTER_SECONDS", 5)),
                Duration.ofMillis(s.integer("QWIRE_PRODUCT_CACHE_TTL_MS", 1000)),
                Duration.ofMillis(s.integer("QWIRE_PROCESSING_DELAY_MS", 200)),
                Duration.ofMillis(s.integer("QWIRE_COMPLETION_DELAY_MS", 500)),
                new Delivery(
                        s.string("QWIRE_WEBHOOK_SECRET", DEFAULT_WEBHOOK_SECRET),
                        s.integer("QWIRE_CALLBACK_MAX_ATTEMPTS", 6),
                        Duration.ofMillis(s.integer("QWIRE_CALLBACK_INITIAL_BACKOFF_MS", 500)),
                        s.decimal("QWIRE_CALLBACK_BACKOFF_MULTIPLIER", 2.0, 1, 100),
                        s.decimal("QWIRE_CALLBACK_BACKOFF_RANDOMIZATION", 0.2),
                        Duration.ofMillis(s.integer("QWIRE_CALLBACK_MAX_BACKOFF_MS", 30_000)),
                        Duration.ofMillis(s.integer("QWIRE_CALLBACK_TIMEOUT_MS", 5000)),
                        Duration.ofMillis(s.integer("QWIRE_CALLBACK_CONNECT_TIMEOUT_MS", 2000)),
                        Duration.ofMillis(s.integer("QWIRE_CALLBACK_LEASE_MS", 30_000)),
                        s.integer("QWIRE_DISPATCH_CONCURRENCY", 64),
                        Duration.ofMillis(s.integer("QWIRE_SCHEDULER_POLL_MS", 50))),
                new Circuits(
                        s.bool("QWIRE_CIRCUIT_BREAKER", true),
                        s.integer("QWIRE_TARGET_CONCURRENCY", 48),
                        s.integer("QWIRE_CIRCUIT_WINDOW", 20),
                        s.integer("QWIRE_CIRCUIT_MIN_CALLS", 10),
                        (float) s.decimal("QWIRE_CIRCUIT_FAILURE_RATE", 50),
                        Duration.ofMillis(s.integer("QWIRE_CIRCUIT_OPEN_MS", 10_000)),
                        s.integer("QWIRE_CIRCUIT_PROBES", 1),
                        s.integer("QWIRE_CIRCUIT_MAX_TARGETS", 10_000)),
                new LogRetention(s.fileSize("QWIRE_LOG_MAX_FILE_SIZE", "64MB"), s.integer("QWIRE_LOG_MAX_DAYS", 7),
                        s.fileSize("QWIRE_LOG_TOTAL_SIZE", "1GB")),
                s.list("QWIRE_SENSITIVE_HEADERS", DEFAULT_SENSITIVE_HEADERS),
                s.optional("QWIRE_ADMIN_TOKEN").map(Settings::adminToken),
                s.optional("QWIRE_RECEIVER_FAULTS"),
                s.integer("QWIRE_RECEIPT_INDEX_MAX", 200_000),
                s.integer("QWIRE_RECEIPTS_PER_REFERENCE", 100),
                s.optional("QWIRE_SEED").map(v -> OptionalLong.of(s.parseLong("QWIRE_SEED", v))).orElse(OptionalLong.empty()),
                s.choice("QWIRE_CLOCK", "system", "system", "manual").equals("manual"),
                s.instant("QWIRE_CLOCK_START", DEFAULT_CLOCK_START),
                s.optional("QWIRE_SCENARIO_DIR").map(Path::of),
                s.optional("QWIRE_SCENARIO_RULES").map(Path::of),
                s.string("QWIRE_SCENARIO_DEFAULT", "happy"),
                Map.copyOf(env));
        // The host lists parse, and the default callback URL passes the policy every order's does.
        config.callbackUrlPolicy().refusal(config.callbackUrl()).ifPresent(reason -> {
            throw new IllegalArgumentException("QWIRE_CALLBACK_URL (" + config.callbackUrl() + ") " + reason);
        });
        return config;
    }

    /** Where callbacks may go: the host lists and this platform's own ports (never its admin or order API). */
    public com.qwire.mock.shared.net.CallbackUrlPolicy callbackUrlPolicy() {
        try {
            return new com.qwire.mock.shared.net.CallbackUrlPolicy(callbackAllowedHosts, callbackDeniedHosts, orderPort, callbackPort);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("QWIRE_CALLBACK_ALLOWED_HOSTS / QWIRE_CALLBACK_DENIED_HOSTS: " + e.getMessage(), e);
        }
    }

    /** Same settings with some replaced; tests use it to pick ports and databases. */
    public Config with(Map<String, String> overrides) {
        return from(merge(source, overrides));
    }

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    /** Never prints the password (nor the environment it came from). */
    @Override
    public String toString() {
        return "Config[db=" + dbUrl.orElse("embedded H2 in " + dataDir) + " user=" + dbUser + " pool=" + dbPoolSize
                + " orderPort=" + orderPort + " callbackPort=" + callbackPort + " workers=" + httpWorkers + "+" + orderCreateWorkers
                + " logDir=" + logDir + " callbackUrl=" + callbackUrl + " seed=" + (seed.isPresent() ? seed.getAsLong() : "none")
                + " clock=" + (manualClock ? "manual from " + clockStart : "system") + " defaultScenario=" + defaultScenario + "]";
    }

    private static Map<String, String> merge(Map<String, String> base, Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>(base);
        overrides.forEach((k, v) -> {
            if (v == null) {
                m.remove(k);
            } else {
                m.put(k, v);
            }
        });
        return m;
    }

    /** Typed reads with a clear message naming the setting when a value does not parse. */
    private record Settings(Map<String, String> env) {
        Optional<String> optional(String name) {
            return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
        }

        String string(String name, String fallback) {
            return optional(name).orElse(fallback);
        }

        /** QWIRE_PUBLIC_BASE_URL: an absolute http(s) URL without query or fragment; kept without a trailing slash. */
        static String baseUrl(String value) {
            try {
                java.net.URI uri = new java.net.URI(value.trim());
                if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null
                        || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new IllegalArgumentException("QWIRE_PUBLIC_BASE_URL must be an absolute http or https URL without query, got '"
                            + value + "'");
                }
                return uri.toString().replaceAll("/+$", "");
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("QWIRE_PUBLIC_BASE_URL must be an absolute http or https URL, got '" + value + "'", e);
            }
        }

        /**
         * QWIRE_ADMIN_TOKEN: what follows "Bearer " (RFC 6750's b68token characters), at least 16 of them so
         * that it is not guessed; never printed, not even in this message.
         */
        static String adminToken(String value) {
            if (value.length() < 16 || !value.matches("[A-Za-z0-9._~+/-]+=*")) {
                throw new IllegalArgumentException("QWIRE_ADMIN_TOKEN must be at least 16 characters of A-Z a-z 0-9 - . _ ~ + / "
                        + "(optionally ending in =), e.g. from: openssl rand -hex 32");
            }
            return value;
        }

        /** QWIRE_BIND_HOST: an address of this machine, or a name that resolves (else the listener's own error is misleading). */
        static String bindHost(String value) {
            try {
                java.net.InetAddress.getByName(value);
                return value;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("QWIRE_BIND_HOST must be an IP address or a host name that resolves, got '" + value + "'", e);
            }
        }

        /** QWIRE_DB_URL: MySQL, MariaDB or H2 — checked here so that a wrong one is one line, not a pool's stack trace. */
        static String dbUrl(String value) {
            if (!value.startsWith("jdbc:mysql:") && !value.startsWith("jdbc:mariadb:") && !value.startsWith("jdbc:h2:")) {
                String[] parts = value.split(":", 3); // never the rest: it may carry a password
                throw new IllegalArgumentException("QWIRE_DB_URL must start with jdbc:mysql:, jdbc:mariadb: or jdbc:h2:, got '"
                        + parts[0] + (parts.length > 1 ? ":" + parts[1] : "") + ":…'");
            }
            return value;
        }

        /** A TCP port: 1..65535, else one clean line at start-up (issue 10: 99999 ended it with a stack trace). */
        int port(String name, int fallback) {
            long port = optional(name).map(v -> parseLong(name, v)).orElse((long) fallback);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(name + " must be a port between 1 and 65535, got " + port);
            }
            return (int) port;
        }

        int integer(String name, int fallback) {
            long[] range = RANGES.get(name);
            if (range == null) {
                throw new IllegalStateException(name + " has no range in Config.RANGES");
            }
            return optional(name).map(v -> {
                long value = parseLong(name, v);
                if (value < range[0] || value > range[1]) {
                    throw new IllegalArgumentException(name + " must be between " + range[0] + " and " + range[1] + ", got " + v);
                }
                return (int) value;
            }).orElse(fallback);
        }

        boolean bool(String name, boolean fallback) {
            return optional(name).map(v -> {
                if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(v);
                }
                throw new IllegalArgumentException(name + " must be true or false, got '" + v + "'");
            }).orElse(fallback);
        }

        double decimal(String name, double fallback, double min, double max) {
            double value = decimal(name, fallback);
            if (value < min || value > max || Double.isNaN(value)) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }

        double decimal(String name, double fallback) {
            return optional(name).map(v -> {
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " must be a number, got '" + v + "'", e);
                }
            }).orElse(fallback);
        }

        /** A comma-separated list; blank entries dropped; "none" for an empty list. */
        List<String> list(String name, List<String> fallback) {
            return optional(name).map(v -> v.trim().equalsIgnoreCase("none") ? List.<String>of()
                    : java.util.Arrays.stream(v.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList()).orElse(fallback);
        }

        /** A size as Logback reads one (the same variable configures logback.xml): 64MB, 500KB, 1GB. */
        long fileSize(String name, String fallback) {
            String v = string(name, fallback);
            try {
                return ch.qos.logback.core.util.FileSize.valueOf(v).getSize();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " must be a size such as 64MB, 500KB or 1GB, got '" + v + "'", e);
            }
        }

        String choice(String name, String fallback, String... allowed) {
            String value = string(name, fallback).toLowerCase(Locale.ROOT);
            if (!List.of(allowed).contains(value)) {
                throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
            }
            return value;
        }

        Instant instant(String name, Instant fallback) {
            return optional(name).map(v -> {
                try {
                    return OffsetDateTime.parse(v).toInstant();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(name + " must be an RFC 3339 time such as 2026-01-01T00:00:00Z, got '" + v + "'", e);
                }
            }).orElse(fallback);
        }

        long parseLong(String name, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
            }
        }
    }
}
