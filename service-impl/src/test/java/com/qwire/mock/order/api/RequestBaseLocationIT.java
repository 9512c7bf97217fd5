package com.qwire.mock.order.api;

import com.qwire.mock.testing.RunningPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Without QWIRE_PUBLIC_BASE_URL a created order's Location is absolute, on the base the request itself named (its Host header). */
class RequestBaseLocationIT {

    @RegisterExtension
    static final RunningPlatform platform = new RunningPlatform();

    @Test
    void locationIsAbsoluteOnTheRequestsOwnBase() throws Exception {
        assertThat(PublicBaseUrlIT.locationOfACreateThrough(platform.orderPort(), "orders.test:8443"))
                .matches("(?i)Location: http://orders\\.test:8443/v1/order\\?reference=[0-9a-f-]{36}");
    }
}
