package com.qwire.mock.shared.db;

import com.qwire.mock.order.infra.OrderPersistence;
import com.qwire.mock.shared.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The quick local run's embedded H2 (README: the run command) takes the same migrations as MySQL and MariaDB, in
 * its MySQL mode, which refuses some of their syntax (a collation in {@code MODIFY}: V10 as a SQL file failed here,
 * hence {@link KeyCollationMigration}); no integration test runs on H2, so this is where such a migration shows.
 */
class EmbeddedSchemaTest {

    @Test
    void theEmbeddedDatabaseTakesEveryMigrationAndTheMappingsValidate(@TempDir Path dataDir) {
        // No database URL: the embedded default, a file database in the data directory.
        Config config = Config.from(Map.of("QWIRE_DATA_DIR", dataDir.toString(), "QWIRE_ORDER_PORT", "1"));
        try (Database database = new Database(config, OrderPersistence.ENTITIES)) {
            AtomicReference<Exception> fatal = new AtomicReference<>();
            database.startInBackground(fatal::set);
            await().atMost(Duration.ofSeconds(60)).until(() -> fatal.get() != null || database.isMigrated());
            assertThat(fatal.get()).as("no start-up failure").isNull();
            assertThat(database.isMigrated()).as("ready: every migration applied, the entity mappings validated").isTrue();
            assertThat(database.vendor()).isEqualTo(DatabaseVendor.H2);
            long applied = database.read(session -> session.createNativeQuery("select count(*) from flyway_schema_history where success",
                    Long.class).getSingleResult());
            assertThat(applied).as("every migration recorded as applied, V10 included").isGreaterThanOrEqualTo(10);
        }
    }
}
