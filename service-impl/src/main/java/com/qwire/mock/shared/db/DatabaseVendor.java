package com.qwire.mock.shared.db;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which server a JDBC URL really points at, so each gets its proper driver: mysql-connector-j
 * reports MariaDB as "5.5.5" and confuses Flyway and Hibernate, so a {@code jdbc:mysql:} URL that
 * reaches a MariaDB server is switched to MariaDB Connector/J.
 */
public enum DatabaseVendor {
    MYSQL, MARIADB, H2;

    /** {@code jdbc:mysql://[user[:password]@]host[:port][/…]}, the host a name, an IPv4 address or a bracketed IPv6 one. */
    private static final Pattern SINGLE_HOST = Pattern.compile(
            "(?i)jdbc:mysql://(?:[^@/?,]*@)?(\\[[0-9a-f:.]+]|[^:/?,()\\[\\]=@]+)(?::(\\d{1,5}))?(?:[/?].*)?");
    private static final int DEFAULT_PORT = 3306;
    /** MySQL protocol version 10: every MySQL (since 3.21) and MariaDB server greets with it. */
    private static final int HANDSHAKE_V10 = 10;
    /** The server version comes first in the greeting; more is never read. */
    private static final int GREETING_READ_MAX = 512;

    public static DatabaseVendor ofUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:mariadb:")) {
            return MARIADB;
        }
        if (lower.startsWith("jdbc:mysql:")) {
            return MYSQL;
        }
        if (lower.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("QWIRE_DB_URL must start with jdbc:mysql:, jdbc:mariadb: or jdbc:h2:, got " + url);
    }

    /**
     * The URL to use: unchanged, except a MySQL URL whose server turns out to be MariaDB. The server's greeting
     * says which it is — the first packet it sends on a new connection, before any authentication, carries
     * its version ("5.5.5-10.11.19-MariaDB-…") — so a single-host URL is told apart without mysql-connector-j
     * (a full login, its session set-up and 300 classes loaded only to be dropped: issue 8, start to ready).
     * Other URL forms (several hosts, load balancing, properties in the address) and a greeting that is not
     * one (a refusal such as "too many connections", another protocol) are asked through the driver, which
     * also words their errors.
     */
    public static String resolveUrl(String url, String user, String password, int connectTimeoutMillis) throws SQLException {
        if (ofUrl(url) != MYSQL) {
            return url;
        }
        Optional<InetSocketAddress> server = singleHost(url);
        Optional<String> greeted = server.isPresent() ? greetingVersion(server.get(), connectTimeoutMillis) : Optional.empty();
        String version = greeted.isPresent() ? greeted.get() : driverVersion(url, user, password, connectTimeoutMillis);
        return version.toLowerCase(Locale.ROOT).contains("mariadb") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url;
    }

    /** The one server a {@code jdbc:mysql://} URL names, unresolved; empty for every other form. */
    static Optional<InetSocketAddress> singleHost(String url) {
        Matcher m = SINGLE_HOST.matcher(url);
        if (!m.matches()) {
            return Optional.empty();
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        int port = m.group(2) == null ? DEFAULT_PORT : Integer.parseInt(m.group(2));
        return port > 0 && port <= 65535 ? Optional.of(InetSocketAddress.createUnresolved(host, port)) : Optional.empty();
    }

    /**
     * Reads the server's greeting (protocol version 10: a packet of a 3-byte length and a sequence byte, then
     * the version byte and the NUL-terminated server version) and closes the connection without sending
     * anything. Empty when the first packet is not such a greeting. Unreachable, or connected but not greeted
     * within the timeout: a connection failure (SQL state 08001), which the start-up retries.
     */
    static Optional<String> greetingVersion(InetSocketAddress server, int timeoutMillis) throws SQLException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHostString(), server.getPort()), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            InputStream in = socket.getInputStream();
            byte[] header = in.readNBytes(4);
            if (header.length < 4) {
                return Optional.empty();
            }
            int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
            byte[] payload = in.readNBytes(Math.min(length, GREETING_READ_MAX));
            if (payload.length < 2 || payload[0] != HANDSHAKE_V10) {
                return Optional.empty();
            }
            for (int end = 1; end < payload.length; end++) {
                if (payload[end] == 0) {
                    return Optional.of(new String(payload, 1, end - 1, StandardCharsets.US_ASCII));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("Cannot read the greeting of the database server at " + server.getHostString()
                    + ":" + server.getPort() + ": " + e, "08001", e);
        }
    }

    private static String driverVersion(String url, String user, String password, int connectTimeoutMillis) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", Integer.toString(connectTimeoutMillis));
        // A server that accepts but never greets must not hold the start-up forever.
        props.setProperty("socketTimeout", Integer.toString(connectTimeoutMillis));
        try (Connection c = DriverManager.getConnection(url, props)) {
            return c.getMetaData().getDatabaseProductVersion();
        }
    }
}
