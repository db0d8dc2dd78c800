package io.lockdoctor.core;

import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StatementFailedException;
import io.lockdoctor.core.spi.Statements;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import javax.sql.DataSource;

/**
 * One tagged, time-bounded session on a database. Every statement lockdoctor runs goes through
 * one of these: the session carries the application name and the statement and lock-wait
 * timeouts of {@link SessionSettings}, and gives a borrowed connection back as it found it.
 */
final class DatabaseSession implements AutoCloseable {
    private final Connection connection;
    private final Statements sql;
    private final Dialect dialect;
    private final SessionSettings settings;
    private final String description;
    private final OwnSessions ownSessions;
    private final String ownId;
    private final boolean sessionState;
    private final boolean undoSettings;
    private final Runnable afterClose;
    /** The auto-commit mode to restore when the transaction {@link #begin()} opened ends; null when none is open. */
    private Boolean autoCommitBeforeBegin;

    private DatabaseSession(Connection connection, Statements sql, Dialect dialect, SessionSettings settings, String description,
            OwnSessions ownSessions, String ownId, boolean sessionState, boolean undoSettings, Runnable afterClose) {
        this.sessionState = sessionState;
        this.undoSettings = undoSettings;
        this.afterClose = afterClose;
        this.connection = connection;
        this.sql = sql;
        this.dialect = dialect;
        this.settings = settings;
        this.description = description;
        this.ownSessions = ownSessions;
        this.ownId = ownId;
    }

    /**
     * Opens a session on a connection of {@code dataSource} (which the caller owns). {@code description}
     * names the database in error messages and must not contain secrets.
     */
    public static DatabaseSession open(DataSource dataSource, Dialect dialect, SessionSettings settings, String description) {
        return open(dataSource, dialect, settings, description, new OwnSessions(settings.applicationName(), false));
    }

    /**
     * Like {@link #open(DataSource, Dialect, SessionSettings, String)}, registering the session in
     * {@code ownSessions} so that no sample counts it as someone else's.
     */
    public static DatabaseSession open(DataSource dataSource, Dialect dialect, SessionSettings settings, String description,
            OwnSessions ownSessions) {
        return open(dataSource, dialect, settings, description, ownSessions, true);
    }

    /**
     * @param sessionState false where a session-level setting would outlive the session on a
     *        server connection others use next (a pooler lending connections per transaction):
     *        then no session setting is made, and statements are bounded by the JDBC query timeout
     */
    public static DatabaseSession open(DataSource dataSource, Dialect dialect, SessionSettings settings, String description,
            OwnSessions ownSessions, boolean sessionState) {
        return open(dataSource, dialect, settings, description, ownSessions, sessionState, () -> { });
    }

    /** @param afterClose runs once the connection went back to its data source (e.g. to close idle ones) */
    public static DatabaseSession open(DataSource dataSource, Dialect dialect, SessionSettings settings, String description,
            OwnSessions ownSessions, boolean sessionState, Runnable afterClose) {
        return open(dataSource, dialect, settings, description, ownSessions, sessionState, true, afterClose);
    }

    /**
     * @param undoSettings false when the data source closes the connection once it is given back: its
     *        session settings are then left as they are, not undone in vain
     */
    public static DatabaseSession open(DataSource dataSource, Dialect dialect, SessionSettings settings, String description,
            OwnSessions ownSessions, boolean sessionState, boolean undoSettings, Runnable afterClose) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException | RuntimeException e) {
            throw LockDoctor.connectionFailed(description, e, settings);
        }
        try {
            Statements sql = new Statements(connection, settings.timeoutSeconds(), settings.statementLog());
            String id = dialect.sessionObserver().map(o -> o.sessionId(sql)).orElse(null);
            boolean setsSessionState = sessionState && !dialect.sharedThroughPooler(connection, id);
            if (setsSessionState) {
                sql.batch(dialect.sessionSetup(settings));
            }
            if (id != null) {
                ownSessions.opened(id);
            }
            return new DatabaseSession(connection, sql, dialect, settings, description, ownSessions, id,
                    setsSessionState, undoSettings, afterClose);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw SqlErrors.translate("prepare a session on " + description, e, settings);
        }
    }

    /** Runs this session's statements: parameters bound, query timeout, statement log. */
    public Statements sql() {
        return sql;
    }

    public Dialect dialect() {
        return dialect;
    }

    public SessionSettings settings() {
        return settings;
    }

    /** Names the database for messages, without secrets. */
    public String description() {
        return description;
    }

    /** lockdoctor's own sessions on this database, which samples leave out. */
    public OwnSessions ownSessions() {
        return ownSessions;
    }

    public Connection connection() {
        return connection;
    }

    /** A catalog call through {@link java.sql.DatabaseMetaData}, heard by the statement log like SQL. */
    @FunctionalInterface
    public interface CatalogCall<T> {
        T call() throws SQLException;
    }

    /**
     * Runs {@code work} (which asks the catalog, e.g. {@code getTables}) and tells the statement log
     * what was asked ({@code description}) and how long it took: drivers send SQL of their own for these.
     */
    public <T> T catalog(String description, CatalogCall<T> work) throws SQLException {
        long start = System.nanoTime();
        String failure = null;
        try {
            return work.call();
        } catch (SQLException | RuntimeException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw e;
        } finally {
            settings.statementLog().sent("-- catalog: DatabaseMetaData." + description,
                    Duration.ofNanos(System.nanoTime() - start), failure);
        }
    }

    /** Begins a transaction; the statement log hears it like a statement. */
    public void begin() {
        boundary("BEGIN", () -> {
            autoCommitBeforeBegin = connection.getAutoCommit();
            connection.setAutoCommit(false);
        });
    }

    public void commit() {
        boundary("COMMIT", () -> {
            connection.commit();
            endTransaction();
        });
    }

    public void rollback() {
        boundary("ROLLBACK", () -> {
            connection.rollback();
            endTransaction();
        });
    }

    private void endTransaction() throws SQLException {
        if (autoCommitBeforeBegin != null) {
            connection.setAutoCommit(autoCommitBeforeBegin);
            autoCommitBeforeBegin = null;
        }
    }

    /** Whether a transaction is open: {@link #begin()} was called, or the connection came without auto-commit. */
    public boolean inTransaction() {
        try {
            return !connection.getAutoCommit();
        } catch (SQLException e) {
            throw new StatementFailedException("-- transaction: state", e);
        }
    }

    @FunctionalInterface
    private interface Boundary {
        void run() throws SQLException;
    }

    private void boundary(String name, Boundary work) {
        long start = System.nanoTime();
        String failure = null;
        try {
            work.run();
        } catch (SQLException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new StatementFailedException("-- transaction: " + name, e);
        } catch (RuntimeException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw e;
        } finally {
            settings.statementLog().sent("-- transaction: " + name, Duration.ofNanos(System.nanoTime() - start),
                    failure);
        }
    }

    /** The database's clock, taken as an instant: ages are measured on it, not on this machine's. */
    public Instant databaseNow() {
        try {
            return sql.one(dialect.currentTimeQuery(), rs -> rs.getObject(1, OffsetDateTime.class)).toInstant();
        } catch (RuntimeException e) {
            throw SqlErrors.translate("read the current time of " + description, e, settings);
        }
    }

    @Override
    public void close() {
        try {
            if (!connection.isClosed()) {
                if (inTransaction()) {
                    rollback();
                }
                if (sessionState && undoSettings) {
                    sql.batch(dialect.sessionReset());
                }
            }
        } catch (SQLException | RuntimeException e) {
            // A connection still tagged as lockdoctor's must not go back to a pool: another user of
            // it would be left out of later evidence. Abort it so the pool discards it; the caller's
            // result stands either way.
            abortQuietly();
        } finally {
            closeQuietly(connection);
            if (ownId != null) {
                ownSessions.closed(ownId);
            }
            afterClose.run();
        }
    }

    private void abortQuietly() {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // Already broken: the pool will find out when it validates the connection.
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // Given back broken: the pool discards it, and what was read stands.
        }
    }
}
