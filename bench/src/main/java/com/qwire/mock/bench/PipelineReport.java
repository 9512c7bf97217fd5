package com.qwire.mock.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one pipeline-benchmark run (the orders of one customer id): callbacks delivered and
 * received, lost, the receive rate while they arrived, and callback lag (due -> received) p50/p99.
 * Prints one line: {@code events=… delivered=… received=… lost=… received_per_s=… lag_p50_ms=… lag_p99_ms=…}.
 */
public final class PipelineReport {
    private PipelineReport() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Sustained.options(args);
        ReceiptLog receipts = new ReceiptLog(Path.of(opts.get("receipts")));
        try (Connection db = Db.connect(opts.getOrDefault("db", "jdbc:mariadb://127.0.0.1:3306/qwire_bench"))) {
            CallbackLag.Result r = CallbackLag.of(db, opts.get("customer"), receipts.readFrom(0));
            System.out.printf(Locale.ROOT, "events=%d delivered=%d received=%d lost=%d received_per_s=%.0f lag_p50_ms=%d lag_p99_ms=%d lag_max_ms=%d%n",
                    r.events(), r.delivered(), r.received(), r.lost(), r.receivedPerSecond(), r.lagMillis().at(50), r.lagMillis().at(99),
                    r.lagMillis().at(100));
        }
    }
}
