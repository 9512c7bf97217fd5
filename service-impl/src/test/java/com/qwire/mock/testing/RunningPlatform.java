package com.qwire.mock.testing;

import com.qwire.mock.app.Platform;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.function.Supplier;

/** {@code @RegisterExtension static RunningPlatform platform = new RunningPlatform();}: one platform per test class. */
public final class RunningPlatform implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<Map<String, String>> overrides;
    private Platform platform;

    public RunningPlatform() {
        this(Map::of);
    }

    /** {@code overrides} is read when the class starts, so it may use what other set-up created (a proxy's port). */
    public RunningPlatform(Supplier<Map<String, String>> overrides) {
        this.overrides = overrides;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        platform = TestPlatform.start(overrides.get());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        platform.close();
    }

    public int orderPort() {
        return platform.orderPort();
    }

    public int callbackPort() {
        return platform.callbackPort();
    }
}
