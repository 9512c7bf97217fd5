package com.qwire.mock.shared.db;

import com.qwire.mock.shared.config.Config;
import com.qwire.mock.shared.errors.DatabaseUnavailableException;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.exception.JDBCConnectionException;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The database's whole lifecycle: pool, Flyway migrations, then a Hibernate SessionFactory that
 * only validates the schema. It starts in the background and keeps retrying while the server is
 * unreachable, so the service is live at once and ready as soon as the database is. Work on it
 * fails fast with {@link DatabaseUnavailableException} (503) whenever the server cannot be reached.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(2);

    private final Config config;
    private final List<Class<?>> entities;
    private final Optional<MetricsTrackerFactory> metrics;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile HikariDataSource dataSource;
    /** Auto-commit connections for {@link #read}: a read needs no transaction, so no COMMIT round trip. */
    private volatile HikariDataSource readSource;
    private volatile SessionFactory sessionFactory;
    private volatile DatabaseVendor vendor;
    private volatile boolean closed;
    private Thread starter;

    public Database(Config config, List<Class<?>> entities) {
        this(config, entities, Optional.empty());
    }

    /** {@code metrics}: where the pool reports its connections (active, idle, pending, timeouts). */
    public Database(Config config, List<Class<?>> entities, Optional<MetricsTrackerFactory> metrics) {
        this.config = config;
        this.entities = List.copyOf(entities);
        this.metrics = metrics;
    }

    /** Starts migrating in the background; a non-connectivity failure (a broken migration) goes to {@code onFatal}. */
    public synchronized void startInBackground(Consumer<Exception> onFatal) {
        if (closed) {
            return;
        }
        starter = new Thread(() -> startLoop(onFatal), "qwire-db-start");
        starter.setDaemon(true);
        starter.start();
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isMigrated() {
        return sessionFactory != null;
    }

    /** A live round trip to the server, bounded by the pool's validation timeout. */
    public boolean ping() {
        HikariDataSource ds = dataSource;
        if (ds == null) {
            return false;
        }
        try (Connection c = ds.getConnection()) {
            return c.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    public DatabaseVendor vendor() {
        return vendor;
    }

    /** Whether a statement may hold several, separated by semicolons: on MariaDB's pool (allowMultiQueries), where writes and their COMMIT go as one. */
    public boolean allowsMultiStatements() {
        return vendor == DatabaseVendor.MARIADB;
    }

    /**
     * Runs {@code work} in one transaction on a full session (persistence context, dirty checking,
     * optimistic versions). Connectivity failures become {@link DatabaseUnavailableException}.
     */
    public <T> T inTransaction(Function<Session, T> work) {
        return translatingFailures(sf -> sf.fromTransaction(work));
    }

    /**
     * Runs {@code work} in one transaction on a stateless session: explicit statements, no persistence
     * context, no flush-time dirty checking (markedly cheaper per call than a full session). Reads that
     * neither lock nor must agree with each other go through {@link #read} instead: no COMMIT round trip.
     * Connectivity failures become {@link DatabaseUnavailableException}.
     */
    public <T> T inStatelessTransaction(Function<StatelessSession, T> work) {
        return translatingFailures(sf -> sf.fromStatelessTransaction(work));
    }

    /**
     * Reads outside any transaction, on the read pool's auto-commit connections: each statement sees the
     * latest commit, as under the transactions' READ COMMITTED, and takes no lock, but no COMMIT round trip
     * follows (issue 8: a GET was the order, its latest callback and a COMMIT; the pollers' probes were
     * one statement and a COMMIT each). Not for reads that lock or must agree with each other
     * ({@link #inSnapshot}). Connectivity failures become {@link DatabaseUnavailableException}.
     */
    public <T> T read(Function<StatelessSession, T> work) {
        return translatingFailures(sf -> {
            try (Connection connection = readSource.getConnection();
                 StatelessSession session = sf.withStatelessOptions().connection(connection).openStatelessSession()) {
                return work.apply(session);
            } catch (SQLException e) {
                throw new IllegalStateException("No connection for a read: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Several reads that must agree with each other (an event and its attempts): one REPEATABLE READ
     * transaction, one snapshot. Under the pool's READ COMMITTED each statement saw the latest commit, and
     * the journal could show an event IN_FLIGHT beside the attempt that had delivered it.
     */
    public <T> T inSnapshot(Function<StatelessSession, T> work) {
        return translatingFailures(sf -> {
            try (StatelessSession session = sf.openStatelessSession()) {
                session.doWork(c -> c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ));
                try {
                    org.hibernate.Transaction tx = session.beginTransaction();
                    try {
                        T result = work.apply(session);
                        tx.commit();
                        return result;
                    } catch (RuntimeException e) {
                        if (tx.isActive()) {
                            tx.rollback();
                        }
                        throw e;
                    }
                } finally {
                    session.doWork(c -> c.setTransactionIsolation(java.sql.Connection.TRANSACTION_READ_COMMITTED));
                }
            }
        });
    }

    private <T> T translatingFailures(Function<SessionFactory, T> call) {
        SessionFactory sf = sessionFactory;
        if (sf == null) {
            throw new DatabaseUnavailableException("The database is not reachable or not migrated yet.", null);
        }
        try {
            return call.apply(sf);
        } catch (RuntimeException e) {
            if (isConnectivityFailure(e)) {
                throw new DatabaseUnavailableException("The database is not reachable.", e);
            }
            throw e;
        }
    }

    public static boolean isConnectivityFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private void startLoop(Consumer<Exception> onFatal) {
        boolean reportedWaiting = false;
        while (!closed) {
            try {
                start();
                if (closed) {
                    release(); // closed while starting: what was built after close() looked goes too
                    return;
                }
                started.countDown();
                return;
            } catch (Exception e) {
                if (closed) {
                    release(); // the failure is the close (a closed pool, an interrupt), not the database's
                    return;
                }
                if (!isConnectivityFailure(e)) {
                    log.error("Database start-up failed: {}", e.getMessage(), e);
                    onFatal.accept(e);
                    return;
                }
                if (!reportedWaiting) {
                    log.warn("Waiting for the database at {} ({}); retrying every {} s", describeUrl(), rootMessage(e), RETRY_EVERY.toSeconds());
                    reportedWaiting = true;
                }
                sleep(RETRY_EVERY);
            }
        }
    }

    private void start() throws SQLException {
        if (dataSource == null) {
            String url = config.dbUrl().orElseGet(this::embeddedUrl);
            String resolved = DatabaseVendor.resolveUrl(url, config.dbUser(), config.dbPassword(),
                    (int) config.dbConnectTimeout().toMillis());
            if (!resolved.equals(url)) {
                log.info("The server at {} is MariaDB: using MariaDB Connector/J", describeUrl());
            }
            vendor = DatabaseVendor.ofUrl(resolved);
            synchronized (this) {
                checkOpen();
                dataSource = new HikariDataSource(poolConfig(resolved));
                // The same settings in auto-commit mode: sessions on it (read) open no transaction, so the
                // "auto-commit already disabled" that Hibernate is told of the first pool never concerns them.
                HikariConfig reads = poolConfig(resolved);
                reads.setPoolName("qwire-db-read");
                reads.setAutoCommit(true);
                readSource = new HikariDataSource(reads);
            }
        }
        checkOpen();
        migrations().dataSource(dataSource).load().migrate();
        checkOpen();
        SessionFactory built = buildSessionFactory();
        synchronized (this) {
            if (closed) {
                built.close();
                checkOpen();
            }
            sessionFactory = built;
        }
        log.info("Database ready: {} ({}), schema migrated and validated", describeUrl(), vendor);
    }

    /** The schema's migrations: the SQL files, and V10 in Java ({@link KeyCollationMigration}). */
    static FluentConfiguration migrations() {
        return Flyway.configure()
                .locations("classpath:db/migration")
                .javaMigrations(new KeyCollationMigration())
                .failOnMissingLocations(true);
    }

    /** Start-up steps stop once close() has begun; startLoop then releases what was built. */
    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the database was closed during start-up");
        }
    }

    private HikariConfig poolConfig(String url) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("qwire-db");
        metrics.ifPresent(hc::setMetricsTrackerFactory);
        hc.setJdbcUrl(url);
        hc.setUsername(config.dbUser());
        hc.setPassword(config.dbPassword());
        hc.setMaximumPoolSize(config.dbPoolSize());
        hc.setMinimumIdle(config.dbPoolSize());
        hc.setConnectionTimeout(config.dbConnectTimeout().toMillis());
        hc.setValidationTimeout(Math.min(1000, config.dbConnectTimeout().toMillis()));
        // Hibernate is told the pool already disabled auto-commit, saving a round trip per transaction.
        hc.setAutoCommit(false);
        hc.setInitializationFailTimeout(-1);
        // InnoDB's REPEATABLE READ takes gap locks on every locking range scan: the timeline's and the
        // outbox's claims (FOR UPDATE SKIP LOCKED over due rows) then block the inserts of new orders,
        // transitions and events into the gaps they scanned. READ COMMITTED locks only the rows read;
        // nothing here relies on repeatable reads (claims lock their rows, orders carry a version).
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        switch (vendor) {
            case MYSQL -> {
                hc.addDataSourceProperty("cachePrepStmts", "true");
                hc.addDataSourceProperty("prepStmtCacheSize", "250");
                hc.addDataSourceProperty("useServerPrepStmts", "true");
                hc.addDataSourceProperty("rewriteBatchedStatements", "true");
                hc.addDataSourceProperty("connectTimeout", Long.toString(config.dbConnectTimeout().toMillis()));
            }
            case MARIADB -> {
                hc.addDataSourceProperty("connectTimeout", Long.toString(config.dbConnectTimeout().toMillis()));
                // Writes that end a transaction go with its COMMIT as one multi-statement (order/infra Jdbc.Writes).
                hc.addDataSourceProperty("allowMultiQueries", "true");
            }
            case H2 -> { }
        }
        return hc;
    }

    private SessionFactory buildSessionFactory() {
        HibernatePersistenceConfiguration cfg = new HibernatePersistenceConfiguration("qwire")
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .property(AvailableSettings.HBM2DDL_AUTO, "validate")
                .property(AvailableSettings.JDBC_TIME_ZONE, "UTC")
                .property(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, true)
                .property(AvailableSettings.STATEMENT_BATCH_SIZE, 32)
                .property(AvailableSettings.ORDER_INSERTS, true)
                .property(AvailableSettings.ORDER_UPDATES, true)
                // IN lists padded to powers of two: batch queries reuse a few cached plans instead of one per size.
                .property(AvailableSettings.IN_CLAUSE_PARAMETER_PADDING, true)
                .property(AvailableSettings.PREFERRED_INSTANT_JDBC_TYPE, "TIMESTAMP");
        entities.forEach(cfg::managedClass);
        return cfg.createEntityManagerFactory().unwrap(SessionFactory.class);
    }

    private String embeddedUrl() {
        return "jdbc:h2:file:" + config.dataDir().toAbsolutePath().resolve("qwire")
                + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** The URL without credentials or parameters, for logs and banners. */
    public String describeUrl() {
        String url = config.dbUrl().orElseGet(this::embeddedUrl);
        int cut = url.indexOf('?') >= 0 ? url.indexOf('?') : url.indexOf(';');
        return cut >= 0 ? url.substring(0, cut) : url;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops a start-up still in progress — waiting for it, bounded by the connect timeout and a margin —
     * then closes the session factory and the pool. A start-up that outlives the wait releases what it
     * builds itself (issue 9, defect 7: the pool leaked).
     */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = starter;
        }
        if (running != null && running != Thread.currentThread()) {
            running.interrupt();
            try {
                running.join(config.dbConnectTimeout().toMillis() + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        release();
    }

    private synchronized void release() {
        // On the start-up thread, close()'s interrupt has done its work (the start stopped); left set, it would
        // cut the pool's own orderly shutdown short, which then logs a warning with a stack trace.
        boolean interrupted = Thread.interrupted();
        try {
            if (sessionFactory != null && sessionFactory.isOpen()) {
                sessionFactory.close();
            }
            if (dataSource != null && !dataSource.isClosed()) {
                dataSource.close();
            }
            if (readSource != null && !readSource.isClosed()) {
                readSource.close();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether a pool is open (tests: none may outlive close()). */
    synchronized boolean holdsPool() {
        return dataSource != null && !dataSource.isClosed() || readSource != null && !readSource.isClosed();
    }

    /** Whether the start-up thread is still running. */
    synchronized boolean starting() {
        return starter != null && starter.isAlive();
    }
}
