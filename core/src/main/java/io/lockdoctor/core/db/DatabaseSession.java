package io.lockdoctor.core.db;

import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StatementLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;

/**
 * One tagged, time-bounded session on a database. Every statement lockdoctor runs goes through
 * one of these: the session carries the application name and the statement and lock-wait
 * timeouts of {@link SessionSettings}, and gives a borrowed connection back as it found it.
 */
public final class DatabaseSession implements AutoCloseable {
    private final Handle handle;
    private final Dialect dialect;
    private final SessionSettings settings;
    private final String description;
    private final OwnSessions ownSessions;
    private final String ownId;
    private final boolean sessionState;
    private final Runnable afterClose;

    private DatabaseSession(Handle handle, Dialect dialect, SessionSettings settings, String description,
            OwnSessions ownSessions, String ownId, boolean sessionState, Runnable afterClose) {
        this.sessionState = sessionState;
        this.afterClose = afterClose;
        this.handle = handle;
        this.dialect = dialect;
        this.settings = settings;
        this.description = description;
        this.ownSessions = ownSessions;
        this.ownId = ownId;
    }

    /**
     * Opens a session on {@code jdbi} (whose data source the caller owns). {@code description}
     * names the database in error messages and must not contain secrets.
     */
    public static DatabaseSession open(Jdbi jdbi, Dialect dialect, SessionSettings settings, String description) {
        return open(jdbi, dialect, settings, description, new OwnSessions(settings.applicationName(), false));
    }

    /**
     * Like {@link #open(Jdbi, Dialect, SessionSettings, String)}, registering the session in
     * {@code ownSessions} so that no sample counts it as someone else's.
     */
    public static DatabaseSession open(Jdbi jdbi, Dialect dialect, SessionSettings settings, String description,
            OwnSessions ownSessions) {
        return open(jdbi, dialect, settings, description, ownSessions, true);
    }

    /**
     * @param sessionState false where a session-level setting would outlive the session on a
     *        server connection others use next (a pooler lending connections per transaction):
     *        then no session setting is made, and statements are bounded by the JDBC query timeout
     */
    public static DatabaseSession open(Jdbi jdbi, Dialect dialect, SessionSettings settings, String description,
            OwnSessions ownSessions, boolean sessionState) {
        return open(jdbi, dialect, settings, description, ownSessions, sessionState, () -> { });
    }

    /** @param afterClose runs once the connection went back to its data source (e.g. to close idle ones) */
    public static DatabaseSession open(Jdbi jdbi, Dialect dialect, SessionSettings settings, String description,
            OwnSessions ownSessions, boolean sessionState, Runnable afterClose) {
        Handle handle;
        try {
            handle = jdbi.open();
        } catch (RuntimeException e) {
            throw SqlErrors.translate("connect to " + description, e, settings);
        }
        try {
            handle.getConfig(SqlStatements.class).setQueryTimeout(settings.timeoutSeconds());
            if (settings.statementLog() != StatementLog.NONE) {
                handle.getConfig(SqlStatements.class).setSqlLogger(new LoggedStatements(settings.statementLog()));
            }
            String id = dialect.sessionObserver().map(o -> o.sessionId(handle)).orElse(null);
            boolean setsSessionState = sessionState && !dialect.sharedThroughPooler(handle.getConnection(), id);
            for (String sql : setsSessionState ? dialect.sessionSetup(settings) : List.<String>of()) {
                handle.execute(sql);
            }
            if (id != null) {
                ownSessions.opened(id);
            }
            return new DatabaseSession(handle, dialect, settings, description, ownSessions, id, setsSessionState,
                    afterClose);
        } catch (RuntimeException e) {
            handle.close();
            throw SqlErrors.translate("prepare a session on " + description, e, settings);
        }
    }

    public Handle handle() {
        return handle;
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
        return handle.getConnection();
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
        boundary("BEGIN", handle::begin);
    }

    public void commit() {
        boundary("COMMIT", handle::commit);
    }

    public void rollback() {
        boundary("ROLLBACK", handle::rollback);
    }

    private void boundary(String name, Runnable work) {
        long start = System.nanoTime();
        String failure = null;
        try {
            work.run();
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
            return handle.createQuery(dialect.currentTimeQuery())
                    .mapTo(OffsetDateTime.class)
                    .one()
                    .toInstant();
        } catch (RuntimeException e) {
            throw SqlErrors.translate("read the current time of " + description, e, settings);
        }
    }

    @Override
    public void close() {
        try {
            if (!handle.getConnection().isClosed()) {
                if (handle.isInTransaction()) {
                    rollback();
                }
                for (String sql : sessionState ? dialect.sessionReset() : List.<String>of()) {
                    handle.execute(sql);
                }
            }
        } catch (SQLException | RuntimeException e) {
            // A connection still tagged as lockdoctor's must not go back to a pool: another user of
            // it would be left out of later evidence. Abort it so the pool discards it; the caller's
            // result stands either way.
            abortQuietly();
        } finally {
            handle.close();
            if (ownId != null) {
                ownSessions.closed(ownId);
            }
            afterClose.run();
        }
    }

    private void abortQuietly() {
        try {
            handle.getConnection().abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // Already broken: the pool will find out when it validates the connection.
        }
    }
}
