package com.qwire.mock.app;

import com.qwire.mock.shared.config.Config;

/** What a person needs after start-up: where everything listens, which database, how to stop. */
final class Banner {
    private Banner() {
    }

    static String text(Config config, Platform platform, long pid) {
        StringBuilder b = new StringBuilder("\n=== Qwire Mock is up (mode ").append(platform.mode().name().toLowerCase()).append(") ===\n");
        if (platform.mode().runsOrders()) {
            b.append(String.format("  order service    http://localhost:%d/v1/order   (ready: http://localhost:%d/health/ready)%n",
                    platform.orderPort(), platform.orderPort()));
        }
        if (platform.mode().runsCallbacks()) {
            b.append(String.format("  callback server  http://localhost:%d/v1          (ready: http://localhost:%d/health/ready)%n",
                    platform.callbackPort(), platform.callbackPort()));
        }
        platform.database().ifPresent(db -> b.append("  database         ")
                .append(config.embeddedDatabase()
                        ? "EMBEDDED H2 (MySQL mode) at " + config.dataDir().toAbsolutePath() + " - for quick local runs; use --mysql for MySQL/MariaDB"
                        : db.describeUrl())
                .append('\n'));
        b.append("  admin API        ").append(config.adminToken().isPresent()
                ? "guarded: /v1/admin/* needs Authorization: Bearer <QWIRE_ADMIN_TOKEN>"
                : "OPEN - anyone who reaches these ports can reset data, move the clock and change scenarios; set QWIRE_ADMIN_TOKEN to guard it")
                .append('\n');
        b.append("  logs             ").append(config.logDir().toAbsolutePath()).append("/access.log\n");
        b.append("  stop             Ctrl+C, or: kill ").append(pid).append('\n');
        return b.toString();
    }
}
