package com.qwire.mock.shared.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One service's meters (the order service's or the callback server's) and their Prometheus exposition.
 * Every meter carries the label {@code service}; the JVM, process and build-info meters are bound to
 * each service's registry (in mode B both ports show them). With metrics off the registry is a no-op
 * (meters registered on it cost nothing) and there is nothing to scrape.
 */
public final class ServiceMetrics implements AutoCloseable {
    /** Histogram buckets of every duration we measure: 1 ms to 30 s. */
    static final List<Duration> BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000)
            .map(Duration::ofMillis).toList();
    private static final ExpositionFormats FORMATS = ExpositionFormats.init();
    /** The name of the HTTP server request timer (Jersey's listener records it). */
    public static final String HTTP_REQUESTS = "http.server.requests";

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private ServiceMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus) {
        this.registry = registry;
        this.prometheus = prometheus;
    }

    /** Metrics of {@code service} ("order" or "callback") of the platform at {@code version}, running in {@code mode}. */
    public static ServiceMetrics create(boolean enabled, String service, String version, String mode) {
        if (!enabled) {
            return new ServiceMetrics(new CompositeMeterRegistry(), null);
        }
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        prometheus.config().commonTags("service", service)
                // What `promtool check metrics` objects to in the binders' names: a unit abbreviated in the name
                // (process_cpu_time_ns_total; process_cpu_usage stays), "_count" on a gauge, a meter without help.
                .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        if (id.getName().equals("system.cpu.count")) {
                            return id.withName("system.cpus");
                        }
                        return id.getName().equals(HTTP_REQUESTS) && id.getDescription() == null
                                ? new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(),
                                "HTTP requests served, by method, route template (uri), status and outcome", id.getType())
                                : id;
                    }
                })
                .meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(BUCKETS.stream().mapToDouble(Duration::toNanos).toArray())
                        .build().merge(config);
            }
        });
        ServiceMetrics metrics = new ServiceMetrics(prometheus, prometheus);
        JvmGcMetrics gc = new JvmGcMetrics();
        metrics.closeables.add(gc);
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            binder.bindTo(prometheus);
        }
        Gauge.builder("qwire.build.info", () -> 1)
                .description("The platform's version and mode; always 1")
                .tags("version", version, "mode", mode)
                .register(prometheus);
        return metrics;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public boolean enabled() {
        return prometheus != null;
    }

    /** The exposition for a request with this {@code Accept} header (OpenMetrics when asked for, else the text format 0.0.4). */
    public Optional<Scrape> scrape(String accept) {
        if (prometheus == null) {
            return Optional.empty();
        }
        ExpositionFormatWriter writer = prefersOpenMetrics(accept) ? FORMATS.getOpenMetricsTextFormatWriter() : FORMATS.getPrometheusTextFormatWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, prometheus.getPrometheusRegistry().scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new Scrape(writer.getContentType(), out.toByteArray()));
    }

    /**
     * OpenMetrics only when {@code Accept} ranks it above the text format (as Prometheus does: OpenMetrics at
     * q=1, text/plain at 0.5) or names it alone; at equal rank, and for wildcards, the text format.
     */
    static boolean prefersOpenMetrics(String accept) {
        if (accept == null) {
            return false;
        }
        double openMetrics = 0;
        double text = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (type.equals("application/openmetrics-text")) {
                openMetrics = Math.max(openMetrics, q);
            } else if (type.equals("text/plain") || type.equals("text/*") || type.equals("*/*")) {
                text = Math.max(text, q);
            }
        }
        return openMetrics > 0 && openMetrics > text;
    }

    /** A scrape's body and its exact content type (with its format version). */
    public record Scrape(String contentType, byte[] body) {
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : closeables) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // shutting down: nothing to report
            }
        }
        registry.close();
    }
}
