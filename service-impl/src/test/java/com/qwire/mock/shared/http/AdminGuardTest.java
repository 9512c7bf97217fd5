package com.qwire.mock.shared.http;

import com.qwire.mock.api.callback.AdminApi;
import com.qwire.mock.api.order.OrdersApi;
import com.qwire.mock.callback.api.ReceiverAdminResource;
import com.qwire.mock.callback.api.CallbackResource;
import com.qwire.mock.order.api.AdminResource;
import com.qwire.mock.order.api.OrderResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminGuardTest {
    @Test
    void theAdminResourcesOfBothServicesAreGuardedAndNoOther() {
        assertThat(AdminGuard.isAdmin(AdminResource.class)).isTrue();
        assertThat(AdminGuard.isAdmin(ReceiverAdminResource.class)).isTrue();
        assertThat(AdminGuard.isAdmin(AdminApi.class)).isTrue();
        assertThat(AdminGuard.isAdmin(OrderResource.class)).isFalse();
        assertThat(AdminGuard.isAdmin(OrdersApi.class)).isFalse();
        assertThat(AdminGuard.isAdmin(CallbackResource.class)).isFalse();
        assertThat(AdminGuard.isAdmin(Object.class)).isFalse();
    }

    @Test
    void onlyABearerCredentialGivesAToken() {
        assertThat(AdminGuard.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(AdminGuard.bearer("bearer   abc ")).isEqualTo("abc");
        assertThat(AdminGuard.bearer("BEARER abc")).isEqualTo("abc");
        assertThat(AdminGuard.bearer("Basic abc")).isNull();
        assertThat(AdminGuard.bearer("Bearer")).isNull();
        assertThat(AdminGuard.bearer("Bearer ")).isNull();
        assertThat(AdminGuard.bearer("Bearerabc")).isNull();
        assertThat(AdminGuard.bearer(null)).isNull();
    }
}
