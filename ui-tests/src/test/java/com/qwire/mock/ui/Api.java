package com.qwire.mock.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

/** What a test does beside the browser: create orders over the real HTTP API. */
final class Api {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base() + "/v1/order"))
                .header("Content-Type", "application/json").header("X-Trace-Id", "ui-" + reference.toString().substring(0, 8))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (answer.statusCode() != 201) {
            throw new AssertionError("POST /v1/order answered " + answer.statusCode() + ": " + answer.body());
        }
        return reference;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
