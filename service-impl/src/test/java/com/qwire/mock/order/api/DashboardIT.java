package com.qwire.mock.order.api;

import com.qwire.mock.app.Mode;
import com.qwire.mock.app.Platform;
import com.qwire.mock.testing.Http;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What serves the dashboard: its files (headers, 304, 404 problems) and its window on the callback server in both modes. */
class DashboardIT {

    @Test
    void filesComeWithTheirTypeAPolicyAndAnEtagAndAnythingElseIsA404Problem() throws Exception {
        try (Platform platform = TestPlatform.start(Mode.ALL, Map.of())) {
            String base = "http://127.0.0.1:" + platform.orderPort();
            HttpResponse<String> slashless = Http.get(base + "/ui");
            assertThat(slashless.statusCode()).isEqualTo(301);
            assertThat(slashless.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ui/"));

            HttpResponse<String> index = Http.get(base + "/ui/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(index.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p)
                    .contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'"));
            assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\">").doesNotContain("http://").doesNotContain("https://");

            HttpResponse<String> script = Http.get(base + "/ui/app.js");
            assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            String etag = script.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = Http.request("GET", base + "/ui/app.js", null, null, "If-None-Match", etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();

            for (String missing : new String[] {"/ui/missing.js", "/ui/app.exe", "/ui/..%2Fqwire-ui%2Fapp.js", "/ui/.hidden.js"}) {
                HttpResponse<String> answer = Http.get(base + missing);
                assertThat(answer.statusCode()).as(missing).isIn(400, 404);
                assertThat(answer.headers().firstValue("Content-Type")).as(missing).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            }
            HttpResponse<String> posted = Http.request("POST", base + "/ui/app.js", "text/plain", "x");
            assertThat(posted.statusCode()).isEqualTo(405);
            assertThat(Http.json(posted).get("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        }
    }

    @Test
    void inModeBTheReceiverViewIsTheCallbackServerOfTheProcess() throws Exception {
        try (Platform platform = TestPlatform.start(Mode.ALL, Map.of())) {
            String base = "http://127.0.0.1:" + platform.orderPort();
            UUID reference = UUID.randomUUID();
            HttpResponse<String> check = Http.get(base + "/ui/receiver/check?reference=" + reference);
            assertThat(check.statusCode()).isEqualTo(200);
            assertThat(Http.json(check).get("reference").asText()).isEqualTo(reference.toString());
            assertThat(Http.json(check).get("received").asBoolean()).isFalse();

            HttpResponse<String> added = Http.request("POST", base + "/ui/receiver/admin/faults", "application/json",
                    "{\"action\":\"FAIL\",\"reference\":\"" + reference + "\",\"count\":2,\"status\":503}");
            assertThat(added.statusCode()).isEqualTo(201);
            String id = Http.json(added).get("id").asText();
            assertThat(Http.get("http://127.0.0.1:" + platform.callbackPort() + "/v1/admin/faults").body()).contains(id);
            assertThat(Http.request("DELETE", base + "/ui/receiver/admin/faults/" + id, null, null).statusCode()).isEqualTo(204);
            // The callback server's own refusals pass through as they are.
            HttpResponse<String> bad = Http.request("POST", base + "/ui/receiver/admin/faults", "application/json", "{\"action\":\"EXPLODE\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Http.get(base + "/ui/receiver/metrics").body()).contains("qwire_callbacks_received_total");
        }
    }

    @Test
    void inModeAAnUnreachableCallbackServerIsA502ProblemNamingIt() throws Exception {
        int closed = TestPlatform.freePort();
        try (Platform platform = TestPlatform.start(Mode.ORDER, Map.of("QWIRE_CALLBACK_URL", "http://127.0.0.1:" + closed + "/v1/callback"))) {
            HttpResponse<String> check = Http.get("http://127.0.0.1:" + platform.orderPort() + "/ui/receiver/check?reference=" + UUID.randomUUID());
            assertThat(check.statusCode()).isEqualTo(502);
            assertThat(check.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(Http.json(check).get("code").asText()).isEqualTo("RECEIVER_UNREACHABLE");
            assertThat(Http.json(check).get("detail").asText()).contains("127.0.0.1:" + closed).contains("cannot be reached");
            assertThat(Http.json(check).get("traceId").asText()).isNotBlank();
            // The dashboard itself is served all the same.
            assertThat(Http.get("http://127.0.0.1:" + platform.orderPort() + "/ui/").statusCode()).isEqualTo(200);
        }
    }
}
