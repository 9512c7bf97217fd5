package com.qwire.mock.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogSearchTest {
    private static final String REF = "0bd4c846-8a0f-486e-ae76-e818b433bc85";

    private static void write(Path dir) throws Exception {
        Files.writeString(dir.resolve("access.log"), String.join("\n",
                "{\"@timestamp\":\"2026-11-21T10:00:00.100Z\",\"traceId\":\"t-1\",\"reference\":\"" + REF + "\",\"method\":\"POST\",\"path\":\"/v1/order\",\"status\":201,\"durationMs\":3.5}",
                "{\"@timestamp\":\"2026-11-21T10:00:00.050Z\",\"traceId\":\"t-9\",\"reference\":\"11111111-1111-4111-8111-111111111111\",\"method\":\"POST\",\"path\":\"/v1/order\",\"status\":201,\"durationMs\":1}",
                "{\"torn line")) ;
        Files.writeString(dir.resolve("service.log"),
                "{\"@timestamp\":\"2026-11-21T10:00:00.090Z\",\"level\":\"INFO\",\"traceId\":\"t-1\",\"message\":\"Order " + REF + " accepted\"}\n");
        Files.writeString(dir.resolve("callback-received.log"),
                "{\"receivedAt\":\"2026-11-21T10:00:00.400Z\",\"traceId\":\"t-1\",\"webhookId\":\"w-1\",\"reference\":\"" + REF
                        + "\",\"status\":\"PROCESSING\",\"attempt\":1,\"signatureValid\":true,\"duplicate\":false,\"responseStatus\":200}\n");
        Files.writeString(dir.resolve("callback-dispatch.log"),
                "{\"@timestamp\":\"2026-11-21T10:00:00.410Z\",\"traceId\":\"t-1\",\"reference\":\"" + REF + "\",\"webhookId\":\"w-1\","
                        + "\"attempt\":1,\"trigger\":\"SCHEDULED\",\"url\":\"http://x/cb\",\"responseStatus\":200,\"durationMs\":9,\"outcome\":\"DELIVERED\"}\n");
    }

    private static String[] run(Path dir, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = LogSearch.run(args, dir, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), bytes.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void referenceSearchTellsTheStoryInTimeOrderAcrossAllFiles(@TempDir Path dir) throws Exception {
        write(dir);
        String[] result = run(dir, "--reference", REF);
        assertThat(result[0]).isEqualTo("0");
        String[] lines = result[1].strip().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("service").contains("accepted");
        assertThat(lines[1]).contains("access").contains("POST /v1/order -> 201");
        assertThat(lines[2]).contains("received").contains("signature valid");
        assertThat(lines[3]).contains("dispatch").contains("HTTP 200").contains("DELIVERED");
        assertThat(result[1]).doesNotContain("t-9");
    }

    /** Under a manual clock receivedAt is the platform's time, far from the logs' own: the wall-clock stamp orders. */
    @Test
    void receiptsAreOrderedByTheirLogStampNotThePlatformsClock(@TempDir Path dir) throws Exception {
        write(dir);
        Files.writeString(dir.resolve("callback-received.log"),
                "{\"@timestamp\":\"2026-11-21T10:00:00.400Z\",\"receivedAt\":\"2026-01-01T00:00:07Z\",\"traceId\":\"t-1\",\"webhookId\":\"w-1\","
                        + "\"reference\":\"" + REF + "\",\"status\":\"PROCESSING\",\"attempt\":1,\"signatureValid\":true,\"duplicate\":false,"
                        + "\"responseStatus\":200}\n");
        String[] lines = run(dir, "--reference", REF)[1].strip().split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[2]).contains("received");
        assertThat(lines[3]).contains("dispatch");
    }

    @Test
    void traceSearchAndRawOutput(@TempDir Path dir) throws Exception {
        write(dir);
        String[] result = run(dir, "--trace", "t-9", "--json");
        assertThat(result[0]).isEqualTo("0");
        assertThat(result[1].strip()).startsWith("{").contains("\"traceId\":\"t-9\"").doesNotContain(REF);
    }

    @Test
    void nothingFoundAndBadArgumentsHaveTheirOwnExitCodes(@TempDir Path dir) throws Exception {
        write(dir);
        assertThat(run(dir, "--reference", "22222222-2222-4222-8222-222222222222")[0]).isEqualTo("1");
        assertThat(run(dir)[0]).isEqualTo("2");
        assertThat(run(dir, "--reference", REF, "--trace", "t-1")[0]).isEqualTo("2");
        assertThat(run(dir, "--bogus")[0]).isEqualTo("2");
    }

    /** Rolled files (Logback's names, the receipt log's own) are read with the live ones, one story in time order. */
    @Test
    void rolledFilesAreSearchedToo(@TempDir Path dir) throws Exception {
        write(dir);
        Files.writeString(dir.resolve("access.2026-11-20.0.log"),
                "{\"@timestamp\":\"2026-11-20T23:59:59.000Z\",\"traceId\":\"t-0\",\"reference\":\"" + REF
                        + "\",\"method\":\"GET\",\"path\":\"/v1/order\",\"status\":200,\"durationMs\":1}\n");
        Files.writeString(dir.resolve("callback-received.2026-11-21.0.log"),
                "{\"@timestamp\":\"2026-11-21T10:00:00.200Z\",\"receivedAt\":\"2026-11-21T10:00:00.200Z\",\"traceId\":\"t-1\",\"webhookId\":\"w-0\","
                        + "\"reference\":\"" + REF + "\",\"status\":\"CREATED\",\"attempt\":1,\"signatureValid\":true,\"duplicate\":false,"
                        + "\"responseStatus\":200}\n");
        Files.writeString(dir.resolve("service.log.bak"), "{\"@timestamp\":\"2026-11-21T10:00:00.000Z\",\"message\":\"" + REF + "\"}\n");
        String[] lines = run(dir, "--reference", REF)[1].strip().split("\n");
        assertThat(lines).hasSize(6);
        assertThat(lines[0]).startsWith("2026-11-20T23:59:59").contains("access").contains("GET /v1/order -> 200");
        assertThat(lines[2]).contains("access").contains("POST /v1/order");
        assertThat(lines[3]).startsWith("2026-11-21T10:00:00.200Z").contains("received");
    }
}
