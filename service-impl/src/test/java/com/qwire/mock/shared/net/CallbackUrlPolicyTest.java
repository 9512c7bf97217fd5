package com.qwire.mock.shared.net;

import com.qwire.mock.shared.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 10, a safe callback URL: what create refuses, and what a resolved address is refused for. */
class CallbackUrlPolicyTest {
    private final CallbackUrlPolicy policy = new CallbackUrlPolicy(List.of(), Config.DEFAULT_DENIED_CALLBACK_HOSTS, 8080, 8081);

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8081/v1/callback", "https://hooks.example.com/qwire", "http://10.1.2.3:9000/cb",
            "http://127.0.0.1:8081/v1/callback", "http://[::1]:9999/x", "http://localhost:8080/health/live", "http://example.com:65535/"})
    void ordinaryReceiversAreAccepted(String url) {
        assertThat(policy.refusal(url)).isEmpty();
    }

    @Test
    void eachRefusalSaysWhy() {
        assertThat(policy.refusal("ftp://example.com/x")).contains("must be an absolute http or https URL with a host");
        assertThat(policy.refusal("http:///x")).contains("must be an absolute http or https URL with a host");
        assertThat(policy.refusal("http://user:secret@example.com/x")).hasValueSatisfying(r -> assertThat(r).contains("user info"));
        assertThat(policy.refusal("http://example.com:0/x")).contains("must have a port between 1 and 65535");
        assertThat(policy.refusal("http://example.com:99999/x")).contains("must have a port between 1 and 65535");
        assertThat(policy.refusal("http://169.254.169.254/latest/meta-data/")).contains("host 169.254.169.254 is denied (169.254.0.0/16)");
        assertThat(policy.refusal("http://0.0.0.0:9000/x")).contains("host 0.0.0.0 is denied (0.0.0.0/8)");
        assertThat(policy.refusal("http://metadata.google.internal/computeMetadata/v1/"))
                .contains("host metadata.google.internal is denied (metadata.google.internal)");
        assertThat(policy.refusal("http://[fe80::1]/x")).hasValueSatisfying(r -> assertThat(r).contains("(fe80::/10)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/v1/admin/reset", "http://localhost:8080/v1/admin/scenarios/happy",
            "http://LOCALHOST:8081/v1/admin/reset", "http://127.0.0.1:8080//v1//admin/reset", "http://127.0.0.1:8080/v1/x/../admin/reset",
            "http://127.0.0.1:8080/v1/%61dmin/reset", "http://[::1]:8081/v1/admin/faults"})
    void thePlatformsOwnAdminApiIsRefusedHoweverWritten(String url) {
        assertThat(policy.refusal(url)).hasValueSatisfying(r -> assertThat(r).startsWith("must not call the platform's own admin API"));
    }

    @Test
    void thePlatformsOwnOrderApiIsRefusedButItsCallbackServerIsTheDefaultTarget() {
        assertThat(policy.refusal("http://127.0.0.1:8080/v1/order")).hasValueSatisfying(r -> assertThat(r).contains("own order API"));
        assertThat(policy.refusal("http://127.0.0.1:8080/v1/order?reference=x")).isPresent();
        assertThat(policy.refusal("http://127.0.0.1:8081/v1/callback")).isEmpty();
        assertThat(policy.refusal("http://127.0.0.1:9090/v1/admin/reset")).as("another port: another server").isEmpty();
    }

    @Test
    void atSendTimeEveryResolvedAddressIsCheckedToo() throws Exception {
        assertThat(policy.refusal("metadata-alias.example", InetAddress.getByName("169.254.169.254")))
                .contains("host metadata-alias.example (169.254.169.254) is denied (169.254.0.0/16)");
        assertThat(policy.refusal("hooks.example.com", InetAddress.getByName("93.184.216.34"))).isEmpty();
        assertThat(policy.refusal("ipv4-mapped.example", InetAddress.getByName("::ffff:169.254.169.254"))).isPresent();
    }

    @Test
    void anAllowedListAdmitsOnlyItsHostsAndBlocks() throws Exception {
        CallbackUrlPolicy strict = new CallbackUrlPolicy(List.of("10.0.0.0/8", ".corp.example", "localhost"), Config.DEFAULT_DENIED_CALLBACK_HOSTS,
                8080, 8081);
        assertThat(strict.refusal("http://10.9.8.7/cb")).isEmpty();
        assertThat(strict.refusal("http://hooks.corp.example/cb")).isEmpty();
        assertThat(strict.refusal("http://localhost:8081/v1/callback")).isEmpty();
        assertThat(strict.refusal("http://192.168.1.1/cb")).contains("host 192.168.1.1 is not on the allowed list");
        assertThat(strict.refusal("other.example", InetAddress.getByName("93.184.216.34")))
                .contains("host 93.184.216.34 is not on the allowed list");
        assertThat(strict.refusal("other.example", InetAddress.getByName("10.1.1.1"))).as("a name resolving into an allowed block").isEmpty();

        CallbackUrlPolicy namesOnly = new CallbackUrlPolicy(List.of("hooks.example.com"), List.of(), 8080, 8081);
        assertThat(namesOnly.refusal("http://evil.example/cb")).contains("host evil.example is not on the allowed list");
    }

    @Test
    void aBadRuleIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new CallbackUrlPolicy(List.of("10.0.0.0/33"), List.of(), 1, 2)).hasMessageContaining("bad CIDR block");
        assertThatThrownBy(() -> new CallbackUrlPolicy(List.of(), List.of("a/b"), 1, 2)).hasMessageContaining("neither a CIDR block");
    }
}
