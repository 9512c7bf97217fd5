package com.qwire.mock.shared.db;

import com.qwire.mock.order.infra.OrderPersistence;
import com.qwire.mock.testing.TcpProxy;
import com.qwire.mock.testing.TestDatabase;
import com.qwire.mock.testing.TestPlatform;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 9, defect 7: closing the database while its start-up is still connecting must not leave a
 * pool behind (before the fix, close() saw no pool yet and returned; the start-up then built one, with
 * its connections and threads, that nothing would ever close), nor report the close as a fatal error.
 */
class DatabaseCloseIT {

    @Test
    void closingWhileTheStartUpIsConnectingLeavesNoPoolBehind() throws Exception {
        try (TcpProxy proxy = new TcpProxy(TestDatabase.host(), TestDatabase.port())) {
            proxy.closeGate(); // the start-up's first connection hangs until the gate opens
            Database database = new Database(TestPlatform.config(Map.of(
                    // jdbc:mysql: the start-up first asks the server what it is, on a connection of its own.
                    "QWIRE_DB_URL", TestDatabase.urlThrough("127.0.0.1", proxy.port()).replaceFirst("^jdbc:[a-z]+:", "jdbc:mysql:"),
                    "QWIRE_DB_CONNECT_TIMEOUT_MS", "5000")), OrderPersistence.ENTITIES);
            AtomicReference<Exception> fatal = new AtomicReference<>();
            database.startInBackground(fatal::set);
            assertThat(proxy.awaitHeldAtGate(Duration.ofSeconds(10))).as("the start-up is connecting").isTrue();

            Thread closer = new Thread(database::close, "closer");
            closer.start();
            // close() has begun: it waits for the start-up (stuck on the gate), or, before the fix, returned at once ...
            await().atMost(Duration.ofSeconds(10)).until(() -> closer.getState() == Thread.State.TIMED_WAITING
                    || closer.getState() == Thread.State.TERMINATED);
            // ... then the database answers after all, and the start-up could go on to build its pool.
            proxy.openGate();
            closer.join(15_000);
            assertThat(closer.isAlive()).isFalse();

            await().atMost(Duration.ofSeconds(15)).until(() -> !database.starting());
            assertThat(database.holdsPool()).as("no pool outlives close()").isFalse();
            assertThat(database.isMigrated()).as("and it never became ready").isFalse();
            assertThat(fatal.get()).as("a close is not a start-up failure").isNull();
        }
    }
}
