package com.qwire.mock.testing;

import com.qwire.mock.app.Mode;
import com.qwire.mock.app.Platform;
import com.qwire.mock.shared.config.Config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the platform through the production wiring ({@link Platform#start}) on free ports and
 * the real test database, and waits until it is ready.
 */
public final class TestPlatform {
    private TestPlatform() {
    }

    public static Config config(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("QWIRE_DB_URL", TestDatabase.url());
        settings.put("QWIRE_DB_USER", TestDatabase.user());
        settings.put("QWIRE_DB_PASSWORD", TestDatabase.password());
        settings.put("QWIRE_BIND_HOST", "127.0.0.1");
        // Concrete free ports, so the default callback URL can name this platform's own callback server.
        int callbackPort = freePort();
        settings.put("QWIRE_ORDER_PORT", Integer.toString(freePort()));
        settings.put("QWIRE_CALLBACK_PORT", Integer.toString(callbackPort));
        settings.put("QWIRE_CALLBACK_URL", "http://127.0.0.1:" + callbackPort + "/v1/callback");
        settings.put("QWIRE_HTTP_WORKERS", "16");
        settings.put("QWIRE_DB_POOL_SIZE", "8");
        settings.put("QWIRE_ACCESS_LOG_CONSOLE", "false");
        settings.put("QWIRE_SHUTDOWN_GRACE_MS", "1000");
        settings.putAll(overrides);
        return Config.fromEnvironment().with(settings);
    }

    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Platform start(Map<String, String> overrides) {
        return start(Mode.ALL, overrides);
    }

    public static Platform start(Mode mode, Map<String, String> overrides) {
        Platform platform = Platform.start(config(overrides), mode, fatal -> { });
        try {
            if (!platform.awaitDatabase(Duration.ofSeconds(60))) {
                platform.close();
                throw new IllegalStateException("The test database " + TestDatabase.url()
                        + " did not become ready in 60 s; run scripts/prepare_mysql.sh first");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            platform.close();
            throw new IllegalStateException(e);
        }
        return platform;
    }

    public static Platform start() {
        return start(Map.of());
    }
}
