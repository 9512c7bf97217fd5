package com.qwire.mock.ui;

import com.qwire.mock.testing.Http;

import java.net.http.HttpResponse;
import java.util.UUID;

/** What a test does beside the browser: create orders over the real HTTP API. */
final class Api {
    private final int port;

    Api(int port) {
        this.port = port;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    UUID order(UUID reference, String scenario, String customer) {
        String body = "{\"reference\":\"" + reference + "\",\"productCode\":\"SKU-BOOK-001\",\"quantity\":1,\"amount\":\"9.99\","
                + "\"currency\":\"EUR\",\"customerId\":\"" + customer + "\"" + (scenario == null ? "" : ",\"scenario\":\"" + scenario + "\"") + "}";
        HttpResponse<String> answer = Http.request("POST", base() + "/v1/order", "application/json", body,
                "X-Trace-Id", "ui-" + reference.toString().substring(0, 8));
        if (answer.statusCode() != 201) {
            throw new AssertionError("POST /v1/order answered " + answer.statusCode() + ": " + answer.body());
        }
        return reference;
    }
}
