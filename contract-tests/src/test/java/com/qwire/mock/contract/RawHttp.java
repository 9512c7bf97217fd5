package com.qwire.mock.contract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: what no client library sends (a bad chunk, a
 * garbage Content-Type, a raw control character, 120 headers, another protocol version), and the
 * answer read as it comes.
 */
final class RawHttp {
    private RawHttp() {
    }

    record Answer(int status, Map<String, String> headers, String body, String raw) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    static Answer exchange(int port, byte[] request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        long contentLength = -1;
        try {
            while (true) {
                if (headEnd < 0) {
                    headEnd = got.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
                    if (headEnd >= 0) {
                        contentLength = contentLength(got.toString(StandardCharsets.ISO_8859_1).substring(0, headEnd));
                    }
                }
                if (headEnd >= 0 && contentLength >= 0 && got.size() >= headEnd + 4 + contentLength) {
                    break;
                }
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what came is what there is
        }
        String raw = got.toString(StandardCharsets.UTF_8);
        int end = raw.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("No complete answer: '" + raw + "'");
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Answer(status, headers, raw.substring(end + 4), raw);
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return -1;
    }
}
