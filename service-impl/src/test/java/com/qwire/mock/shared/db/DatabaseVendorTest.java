package com.qwire.mock.shared.db;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseVendorTest {

    @Test
    void urlSchemeNamesTheVendor() {
        assertThat(DatabaseVendor.ofUrl("jdbc:mysql://h:3306/x")).isEqualTo(DatabaseVendor.MYSQL);
        assertThat(DatabaseVendor.ofUrl("JDBC:MariaDB://h/x")).isEqualTo(DatabaseVendor.MARIADB);
        assertThat(DatabaseVendor.ofUrl("jdbc:h2:file:./data/q")).isEqualTo(DatabaseVendor.H2);
    }

    @Test
    void otherDatabasesAreRefusedWithTheSettingNamed() {
        assertThatThrownBy(() -> DatabaseVendor.ofUrl("jdbc:postgresql://h/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("QWIRE_DB_URL");
    }

    @Test
    void nonMysqlUrlsAreResolvedWithoutConnecting() throws Exception {
        assertThat(DatabaseVendor.resolveUrl("jdbc:mariadb://unreachable.invalid:1/x", "u", "p", 10))
                .isEqualTo("jdbc:mariadb://unreachable.invalid:1/x");
    }

    @Test
    void aSingleHostUrlNamesTheServerToGreet() {
        assertThat(DatabaseVendor.singleHost("jdbc:mysql://db.example:3307/qwire?useSSL=false,x"))
                .contains(InetSocketAddress.createUnresolved("db.example", 3307));
        assertThat(DatabaseVendor.singleHost("jdbc:mysql://localhost/qwire")).contains(InetSocketAddress.createUnresolved("localhost", 3306));
        assertThat(DatabaseVendor.singleHost("jdbc:mysql://127.0.0.1")).contains(InetSocketAddress.createUnresolved("127.0.0.1", 3306));
        assertThat(DatabaseVendor.singleHost("jdbc:mysql://u:p@[::1]:3306/q")).contains(InetSocketAddress.createUnresolved("::1", 3306));
        // Everything else is left to the driver.
        assertThat(DatabaseVendor.singleHost("jdbc:mysql://h1:3306,h2:3306/q")).isEmpty();
        assertThat(DatabaseVendor.singleHost("jdbc:mysql:loadbalance://h1,h2/q")).isEmpty();
        assertThat(DatabaseVendor.singleHost("jdbc:mysql://address=(host=h)(port=3306)/q")).isEmpty();
        assertThat(DatabaseVendor.singleHost("jdbc:mysql://h:99999/q")).isEmpty();
    }

    @Test
    void aMariaDbGreetingSwitchesTheUrlWithoutLoggingIn() throws Exception {
        try (FakeServer server = new FakeServer(greeting("5.5.5-10.11.19-MariaDB-0+deb12u1"))) {
            String url = "jdbc:mysql://127.0.0.1:" + server.port() + "/qwire?connectTimeout=5";
            assertThat(DatabaseVendor.resolveUrl(url, "nobody", "wrong", 2000))
                    .isEqualTo("jdbc:mariadb://127.0.0.1:" + server.port() + "/qwire?connectTimeout=5");
            assertThat(server.received()).as("nothing is sent: no login, so no credentials are checked").isEmpty();
        }
    }

    @Test
    void aMysqlGreetingKeepsTheUrl() throws Exception {
        try (FakeServer server = new FakeServer(greeting("8.0.36"))) {
            String url = "jdbc:mysql://localhost:" + server.port() + "/qwire";
            assertThat(DatabaseVendor.resolveUrl(url, "u", "p", 2000)).isEqualTo(url);
            assertThat(server.received()).isEmpty();
        }
    }

    @Test
    void aRefusalInsteadOfAGreetingIsLeftToTheDriver() throws Exception {
        // An error packet (0xff, code 1040): the driver connects once more, reads the same refusal and words it.
        byte[] message = "#08004Too many connections".getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[3 + message.length];
        payload[0] = (byte) 0xff;
        payload[1] = (byte) (1040 & 0xff);
        payload[2] = (byte) (1040 >> 8);
        System.arraycopy(message, 0, payload, 3, message.length);
        try (FakeServer server = new FakeServer(packet(payload))) {
            assertThatThrownBy(() -> DatabaseVendor.resolveUrl("jdbc:mysql://127.0.0.1:" + server.port() + "/q", "u", "p", 2000))
                    .isInstanceOf(SQLException.class).hasMessageContaining("Too many connections");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void anUnreachableServerIsAConnectionFailureTheStartUpRetries() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> DatabaseVendor.resolveUrl("jdbc:mysql://127.0.0.1:" + closedPort + "/q", "u", "p", 2000))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(Database.isConnectivityFailure(e)).isTrue())
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void aServerThatNeverGreetsTimesOutAsAConnectionFailure() throws Exception {
        try (FakeServer server = new FakeServer(null)) {
            assertThatThrownBy(() -> DatabaseVendor.resolveUrl("jdbc:mysql://127.0.0.1:" + server.port() + "/q", "u", "p", 200))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(Database.isConnectivityFailure(e)).isTrue());
        }
    }

    private static byte[] greeting(String version) {
        byte[] v = version.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[1 + v.length + 1 + 4 + 8 + 1];
        payload[0] = 10;
        System.arraycopy(v, 0, payload, 1, v.length); // then NUL, thread id, scramble, filler: zeros will do
        return packet(payload);
    }

    private static byte[] packet(byte[] payload) {
        byte[] p = new byte[4 + payload.length];
        p[0] = (byte) payload.length;
        p[1] = (byte) (payload.length >> 8);
        p[2] = (byte) (payload.length >> 16);
        System.arraycopy(payload, 0, p, 4, payload.length);
        return p;
    }

    /** Greets every connection with {@code first} (or never, when null) and records what clients send until they close. */
    private static final class FakeServer implements AutoCloseable {
        private final ServerSocket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final CompletableFuture<Void> loop;
        private volatile int connections;
        private volatile int hungUp;

        FakeServer(byte[] first) throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            loop = CompletableFuture.runAsync(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        connections++;
                        if (first == null) {
                            client.getInputStream().read(); // until the client gives up
                            continue;
                        }
                        client.getOutputStream().write(first);
                        client.getOutputStream().flush();
                        InputStream in = client.getInputStream();
                        client.setSoTimeout(2000);
                        byte[] buf = new byte[256];
                        for (int n; (n = in.read(buf)) > 0; ) {
                            synchronized (received) {
                                received.write(buf, 0, n);
                            }
                        }
                        hungUp++;
                    } catch (IOException e) {
                        // closed by the test, or the client went away
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections;
        }

        /** What clients sent, once one has closed its connection (so nothing it sent is still on the way). */
        byte[] received() {
            await().atMost(Duration.ofSeconds(5)).until(() -> hungUp >= 1);
            synchronized (received) {
                return received.toByteArray();
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            try {
                loop.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the loop ends with the socket
            }
        }
    }
}
