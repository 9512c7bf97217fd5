package com.qwire.mock.shared.db;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Statement;
import java.util.List;

/**
 * V10 (issue 8): on MySQL and MariaDB the order, transition and event keys (UUIDs) and the statuses (enum names)
 * become ASCII compared byte for byte instead of utf8mb4 under a Unicode collation. Every index descent, foreign-key
 * check and {@code IN} list compares these columns; under {@code utf8mb4_unicode_ci} each comparison weighs every
 * character (measured on MariaDB 10.11: primary-key lookups on 200,000 random UUIDs 1.9x faster byte for byte, and
 * 22 % less of MariaDB's CPU per running order; bench/results.md, 2026-12-01T05:10Z). The platform writes both as they print in Java — lower-case
 * UUIDs, upper-case enum names — so nothing it stored or looks up compares differently.
 * <p>
 * The foreign keys between the changed columns are dropped first and added back after (a referencing column and its
 * parent must agree on the character set at every step), which checks the existing rows once more. Like any
 * multi-statement migration on MySQL, whose DDL commits statement by statement, one that fails half-way leaves the
 * statements before it done and is repaired by hand.
 * <p>
 * A Java migration rather than a SQL file because H2's MySQL mode does not take a collation in {@code MODIFY}; H2
 * compares strings by code unit anyway, so the embedded database keeps its columns as they are and records the
 * version.
 */
final class KeyCollationMigration implements JavaMigration {
    private static final String ASCII = " CHARACTER SET ascii COLLATE ascii_bin NOT NULL";
    private static final String UUID = "CHAR(36)" + ASCII;
    private static final String STATUS = "VARCHAR(16)" + ASCII;
    static final List<String> STATEMENTS = List.of(
            "ALTER TABLE order_history DROP FOREIGN KEY fk_order_history_order",
            "ALTER TABLE order_transitions DROP FOREIGN KEY fk_transitions_order",
            "ALTER TABLE callback_outbox DROP FOREIGN KEY fk_outbox_order",
            "ALTER TABLE callback_attempts DROP FOREIGN KEY fk_attempts_outbox",
            "ALTER TABLE orders MODIFY reference " + UUID + ", MODIFY status " + STATUS,
            "ALTER TABLE order_history MODIFY order_reference " + UUID,
            "ALTER TABLE order_transitions MODIFY id " + UUID + ", MODIFY order_reference " + UUID + ", MODIFY status " + STATUS,
            "ALTER TABLE callback_outbox MODIFY event_id " + UUID + ", MODIFY order_reference " + UUID + ", MODIFY status " + STATUS,
            "ALTER TABLE callback_attempts MODIFY event_id " + UUID,
            "ALTER TABLE order_history ADD CONSTRAINT fk_order_history_order FOREIGN KEY (order_reference) REFERENCES orders (reference)",
            "ALTER TABLE order_transitions ADD CONSTRAINT fk_transitions_order FOREIGN KEY (order_reference) REFERENCES orders (reference)",
            "ALTER TABLE callback_outbox ADD CONSTRAINT fk_outbox_order FOREIGN KEY (order_reference) REFERENCES orders (reference)",
            "ALTER TABLE callback_attempts ADD CONSTRAINT fk_attempts_outbox FOREIGN KEY (event_id) REFERENCES callback_outbox (event_id)");

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("10");
    }

    @Override
    public String getDescription() {
        return "ascii keys";
    }

    /** Changes to the statements change the checksum, so a database migrated by other ones is told apart. */
    @Override
    public Integer getChecksum() {
        return STATEMENTS.hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true; // like the SQL migrations: MySQL commits each DDL statement by itself, H2 runs none here
    }

    @Override
    public void migrate(Context context) throws Exception {
        if ("H2".equals(context.getConnection().getMetaData().getDatabaseProductName())) {
            return;
        }
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : STATEMENTS) {
                statement.execute(sql);
            }
        }
    }
}
