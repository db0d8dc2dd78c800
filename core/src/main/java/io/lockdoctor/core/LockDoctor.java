package io.lockdoctor.core;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.spi.ClientView;
import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.DialectRegistry;
import io.lockdoctor.core.spi.PoolerAccess;
import io.lockdoctor.core.spi.SessionSettings;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * The library's entry point: inspects the HAPI FHIR / Smile CDR migration history and lock rows
 * of one database, given its {@link DataSource}. The data source stays the caller's; every
 * session lockdoctor takes from it is tagged, time-bounded and reset before it is given back.
 * Instances hold no mutable state beyond the detected dialect and are safe to share between threads.
 */
public final class LockDoctor {
    private final DialectRegistry dialects;
    private final SessionSettings settings;
    private final String description;
    private final AtomicReference<Dialect> dialect;
    private final OwnSessions ownSessions;
    private final DataSource dataSource;
    private final String jdbcUrl;
    private final PoolerAccess poolerAccess;
    private final Runnable afterSession;
    private final boolean connectionsClosedAfterSession;

    private LockDoctor(Builder builder) {
        this.dialects = builder.dialects != null ? builder.dialects : DialectRegistry.discover();
        this.settings = builder.settings;
        this.description = builder.description;
        this.dialect = new AtomicReference<>(builder.dialect);
        this.ownSessions = new OwnSessions(settings.applicationName(), builder.privatePool);
        this.dataSource = builder.dataSource;
        this.jdbcUrl = builder.jdbcUrl;
        this.poolerAccess = builder.poolerAccess;
        this.afterSession = builder.afterSession;
        this.connectionsClosedAfterSession = builder.connectionsClosedAfterSession;
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Inspects every wanted history table. Database failures do not throw: they come back as a
     * report whose {@code error} says what failed. Invalid input still throws {@link InvalidInputException}.
     * A table report without a lock means "no lock" only when {@code lockKnown()}: a table that
     * could not be read (locked by another session, a missing privilege or column) shows no lock
     * because none could be read.
     */
    public DatabaseReport status(InspectionOptions options) {
        return status(options, WindowProgress.NONE);
    }

    /** Like {@link #status(InspectionOptions)}, telling {@code progress} how the observe window runs. */
    public DatabaseReport status(InspectionOptions options, WindowProgress progress) {
        try (OneSessionInspection inspection = new OneSessionInspection(options, progress)) {
            return inspection.status();
        }
    }

    /** What a clear needs of this database: inspections that keep their session open, and fresh sessions. */
    private final class Target implements ClearTarget {
        @Override
        public ClearTarget.Inspection inspection(InspectionOptions options) {
            return new OneSessionInspection(options, WindowProgress.NONE);
        }

        @Override
        public DatabaseSession openSession() {
            return LockDoctor.this.openSession();
        }

        @Override
        public SessionSettings settings() {
            return settings;
        }
    }

    /**
     * An inspection on one session, opened when it runs (so that a caller's time bound covers the
     * connection too) and kept open after it until closed, with the view of a pooler in the way.
     */
    private final class OneSessionInspection implements ClearTarget.Inspection {
        private final InspectionOptions options;
        private final WindowProgress progress;
        private ClientView view;
        private DatabaseSession session;

        OneSessionInspection(InspectionOptions options, WindowProgress progress) {
            this.options = Objects.requireNonNull(options, "options");
            this.progress = Objects.requireNonNull(progress, "progress");
        }

        @Override
        public DatabaseReport status() {
            if (session != null) {
                throw new IllegalStateException("an inspection runs once");
            }
            try {
                view = clientView(options).orElse(null);
                boolean sessionState = view == null || !view.transactionPooling();
                session = openSession(sessionState);
                return new Inspector().inspect(session, () -> openSession(sessionState), options, progress, view);
            } catch (InvalidInputException e) {
                throw e;
            } catch (LockDoctorException e) {
                return DatabaseReport.failed(null, description, e.getMessage());
            } catch (SQLException | RuntimeException e) {
                return DatabaseReport.failed(null, description,
                        SqlErrors.translate("inspect " + description, e, settings).getMessage());
            }
        }

        @Override
        public DatabaseSession session() {
            if (session == null) {
                throw new IllegalStateException("no session was opened for " + description);
            }
            return session;
        }

        @Override
        public void close() {
            try (ClientView v = view; DatabaseSession s = session) {
                session = null;
                view = null;
            }
        }
    }

    /**
     * Removes exactly one stale lock row, audited (docs/clear.md): the inspection first, ACTIVE
     * never, UNCERTAIN only forced, the confirmation, then one short transaction.
     */
    public ClearOutcome clear(ClearRequest request, ClearAudit audit, Clock clock, Confirmation confirmation) {
        return new LockClearer(new Target(), new AuditFile(audit.file(), audit.fileSetting()),
                new LockClearer.AuditContext(audit.osUser(), audit.host(), audit.databaseUrl()), clock)
                .clear(request, confirmation);
    }

    /** Receives history rows table by table, in ascending {@code installed_rank}. */
    public interface HistorySink {
        void beginTable(MigrationTable table);

        void row(MigrationRow row);

        default void endTable(MigrationTable table) {
        }
    }

    /**
     * Streams the rows of every wanted table to {@code sink}.
     *
     * @return the search, so a caller can tell "no tables in the schemas searched" apart
     */
    public TableSearch history(Optional<String> schema, Collection<KnownTable> tables, HistoryQuery query,
            HistorySink sink) {
        try (DatabaseSession session = openSession()) {
            TableSearch search = new MigrationTableFinder().find(session, schema, tables);
            HistoryReader reader = new HistoryReader(session);
            for (MigrationTable table : search.tables()) {
                sink.beginTable(table);
                reader.rows(table, query, sink::row);
                sink.endTable(table);
            }
            return search;
        }
    }

    /**
     * A tagged, time-bounded session, for the engine's steps beyond the methods above. The dialect
     * is detected on first use from the connection's metadata unless one was given.
     */
    DatabaseSession openSession() {
        return openSession(true);
    }

    private DatabaseSession openSession(boolean sessionState) {
        return DatabaseSession.open(dataSource, dialect(), settings, description, ownSessions, sessionState,
                !connectionsClosedAfterSession, afterSession);
    }

    /**
     * What lies between lockdoctor and the database, looked for when a window will run (or a
     * pooler's address was given) and the URL is known: before any session setting is sent.
     */
    private Optional<ClientView> clientView(InspectionOptions options) {
        if (jdbcUrl == null || (options.observe().observe().isZero()
                && (poolerAccess == null || poolerAccess.adminAddress().isEmpty()))) {
            return Optional.empty();
        }
        PoolerAccess access = poolerAccess != null ? poolerAccess : new PoolerAccess(Optional.empty(), null, null);
        return dialect().clientView(dataSource, jdbcUrl, access, settings);
    }

    /** The dialect in use, detected from {@link DatabaseMetaData} on first call. */
    public Dialect dialect() {
        Dialect known = dialect.get();
        if (known != null) {
            return known;
        }
        Dialect detected;
        try (Connection connection = dataSource.getConnection()) {
            detected = dialects.byMetaData(connection.getMetaData());
        } catch (SQLException | RuntimeException e) {
            throw connectionFailed(description, e, settings);
        }
        dialect.compareAndSet(null, detected);
        return dialect.get();
    }

    public SessionSettings settings() {
        return settings;
    }

    /**
     * A connection to {@code database} (named without secrets) that failed, worded as lockdoctor
     * words every failed connection: what failed, the driver's words, what to try next.
     */
    public static LockDoctorException connectionFailed(String database, Throwable failure, SessionSettings settings) {
        return SqlErrors.translate("connect to " + database, failure, settings);
    }

    /** Configures a {@link LockDoctor}. */
    public static final class Builder {
        private final DataSource dataSource;
        private DialectRegistry dialects;
        private Dialect dialect;
        private SessionSettings settings = SessionSettings.defaults();
        private String description = "the database";
        private boolean privatePool;
        private String jdbcUrl;
        private PoolerAccess poolerAccess;
        private Runnable afterSession = () -> { };
        private boolean connectionsClosedAfterSession;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The dialects to detect from; by default every one on the class path. */
        public Builder dialects(DialectRegistry registry) {
            this.dialects = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Skips detection. */
        public Builder dialect(Dialect value) {
            this.dialect = Objects.requireNonNull(value, "dialect");
            return this;
        }

        public Builder settings(SessionSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /** How messages name this database, e.g. its JDBC URL with secrets masked. */
        public Builder description(String value) {
            this.description = Objects.requireNonNull(value, "description");
            return this;
        }

        /**
         * Declares that nobody but this LockDoctor borrows from the data source (a pool made for it):
         * its connections then stay lockdoctor's own after they went back to the pool, and idle
         * ones are not taken for other clients. Never set this on a pool the application shares.
         */
        public Builder privatePool(boolean value) {
            this.privatePool = value;
            return this;
        }

        /**
         * The JDBC URL the data source connects to (secrets included: used to reach a pooler's
         * console at the same address, never printed), so that a pooler in the way is found.
         */
        public Builder jdbcUrl(String value) {
            this.jdbcUrl = Objects.requireNonNull(value, "jdbcUrl");
            return this;
        }

        /**
         * Runs each time a session went back to the data source: a pool made for lockdoctor closes
         * its idle connections there, so that no idle lockdoctor connection lingers for another
         * lockdoctor run to take for a client (where the database shows no tag: MariaDB, H2).
         */
        public Builder afterSession(Runnable value) {
            this.afterSession = Objects.requireNonNull(value, "afterSession");
            return this;
        }

        /**
         * Declares that the data source closes each connection once its session gave it back (a pool
         * made for lockdoctor evicting them in {@link #afterSession}): session settings are then not
         * undone first, which would only cost round trips.
         */
        public Builder connectionsClosedAfterSession(boolean value) {
            this.connectionsClosedAfterSession = value;
            return this;
        }

        /** How to read a connection pooler's client list (address, account). */
        public Builder poolerAccess(PoolerAccess value) {
            this.poolerAccess = Objects.requireNonNull(value, "poolerAccess");
            return this;
        }

        public LockDoctor build() {
            return new LockDoctor(this);
        }
    }
}
