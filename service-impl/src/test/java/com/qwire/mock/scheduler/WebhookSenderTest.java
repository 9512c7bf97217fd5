package com.qwire.mock.scheduler;

import com.qwire.mock.order.domain.CallbackOutbox;
import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.webhook.WebhookSignatures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The sender against a raw socket server: what a misbehaving receiver can and cannot do to an attempt. */
class WebhookSenderTest {
    private final Config.Delivery delivery = Config.from(Map.of(
            "QWIRE_CALLBACK_TIMEOUT_MS", "500", "QWIRE_CALLBACK_CONNECT_TIMEOUT_MS", "500")).delivery();
    private final WebhookSender sender = new WebhookSender(delivery, new WebhookSignatures(delivery.webhookSecret(), Clock.systemUTC()),
            Clock.systemUTC(), Config.from(Map.of()).callbackUrlPolicy());
    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();

    @AfterEach
    void close() throws IOException {
        sender.close();
        if (server != null) {
            server.close();
        }
    }

    /** Serves every request on every connection with {@code answer}, which writes the raw response. */
    private String serve(BiConsumer<OutputStream, Integer> answer) throws IOException {
        server = new ServerSocket(0);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    Thread handler = new Thread(() -> handle(socket, answer));
                    handler.setDaemon(true);
                    handler.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return "http://127.0.0.1:" + server.getLocalPort() + "/hooks";
    }

    private static void handle(Socket socket, BiConsumer<OutputStream, Integer> answer) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))) {
            OutputStream out = socket.getOutputStream();
            for (int request = 1; ; request++) {
                int length = 0;
                String line = in.readLine();
                if (line == null) {
                    return;
                }
                while (!(line = in.readLine()).isEmpty()) {
                    if (line.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                in.skip(length);
                answer.accept(out, request);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the sender hung up: expected when it gives up on an attempt
        }
    }

    /** A stored URL the policy refuses (written before it held, say) is not even connected to. */
    @org.junit.jupiter.api.Test
    void aDeniedTargetFailsAtOnceWithoutAConnection() {
        // Refused before the request is handed to the client (a connect to this address would time out instead).
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> send("http://169.254.169.254:9/latest/meta-data/"))
                .hasCauseInstanceOf(WebhookSender.TargetDenied.class)
                .hasMessageContaining("host 169.254.169.254 is denied (169.254.0.0/16)");
    }

    private WebhookSender.Answer send(String url) throws Exception {
        CallbackOutbox.Delivery d = new CallbackOutbox.Delivery(UUID.randomUUID(), UUID.randomUUID(), 1, false, "{\"a\":\"ü\"}", url, "trace");
        return sender.send(sender.prepare(d)).get(10, TimeUnit.SECONDS);
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void connectionsAreKeptAliveAndReused() throws Exception {
        String url = serve((out, n) -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        for (int i = 0; i < 10; i++) {
            WebhookSender.Answer answer = send(url);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.bodySnippet()).isEqualTo("ok");
        }
        // A connection goes back to the pool just after its answer completes, so the next attempt may
        // open a second one; past that they are reused.
        assertThat(connections.get()).as("ten attempts in turn").isBetween(1, 2);
    }

    @Test
    void theAnswerBodyIsKeptUpToTheCapAndRetryAfterIsRead() throws Exception {
        String body = "x".repeat(20_000);
        String url = serve((out, n) -> write(out, "HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
        WebhookSender.Answer answer = send(url);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.bodySnippet()).hasSize(WebhookSender.RESPONSE_BODY_CAP);
        assertThat(answer.retryAfter()).hasValueSatisfying(d -> assertThat(d.toSeconds()).isEqualTo(7));
    }

    @Test
    void aReceiverThatStallsMidBodyIsCutOffAtTheDeadline() throws Exception {
        // Headers at once, then a byte every 200 ms: never silent for the 500 ms attempt timeout,
        // so only the whole-attempt deadline (connect + attempt timeout = 1 s) can end it.
        String url = serve((out, n) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
            for (int i = 0; i < 1000; i++) {
                write(out, "x");
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        CallbackOutbox.Delivery d = new CallbackOutbox.Delivery(UUID.randomUUID(), UUID.randomUUID(), 1, false, "{}", url, "trace");
        ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                () -> sender.send(sender.prepare(d)).get(30, TimeUnit.SECONDS));
        assertThat(failed).as("the attempt ends with a timeout, not a hang").isNotNull();
        assertThat(failed.getCause()).isInstanceOf(TimeoutException.class);
    }
}
