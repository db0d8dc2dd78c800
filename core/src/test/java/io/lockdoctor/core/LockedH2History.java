package io.lockdoctor.core;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionObserver;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StandardDialect;
import io.lockdoctor.core.spi.StatementLog;
import io.lockdoctor.core.spi.Statements;
import io.lockdoctor.core.spi.SystemSchemas;
import io.lockdoctor.fixtures.FlywayShapedTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A HAPI history table holding one lock row, in an in-memory H2 database of its own, read through a
 * dialect whose session observer a test provides: core's rules run on a real database without a server.
 * The first session opened keeps the database alive; closing the last one drops it.
 */
public final class LockedH2History {
    public static final String LOCK_UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    public static final String TABLE = "FLY_HFJ_MIGRATION";

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final OwnSessions own = new OwnSessions(SessionSettings.APPLICATION_NAME, false);
    private final FlywayShapedTable history;

    /** Every row-lock wait a clear's transaction was set up with, in order. */
    public final List<Duration> clearLockWaits = new CopyOnWriteArrayList<>();

    /**
     * A dialect of core's defaults on H2, with {@code observer} (null: sessions cannot be listed),
     * telling {@code lockWaits} the row-lock wait of each clear's transaction.
     */
    public static final class Dialect extends StandardDialect {
        private final Consumer<Duration> lockWaits;

        public Dialect(SessionObserver observer, Consumer<Duration> lockWaits) {
            super("h2test", "H2", "jdbc:h2:", Set.of(), SystemSchemas.named("INFORMATION_SCHEMA"), observer);
            this.lockWaits = lockWaits;
        }

        @Override
        public Map<String, String> connectionProperties(SessionSettings settings) {
            return Map.of();
        }

        @Override
        public List<String> sessionSetup(SessionSettings settings) {
            return List.of();
        }

        @Override
        public List<String> sessionReset() {
            return List.of();
        }

        @Override
        public List<String> clearTransactionSetup(Duration lockWait) {
            lockWaits.accept(lockWait);
            return List.of();
        }
    }

    public LockedH2History() {
        dataSource.setURL("jdbc:h2:mem:history" + UUID.randomUUID().toString().replace("-", ""));
        history = new FlywayShapedTable(dataSource, DriverTypeEnum.H2_EMBEDDED, TABLE);
    }

    /** Creates the history (4 task rows, the highest rank 4) and its lock row; {@code keeper} must be open. */
    public void create(DatabaseSession keeper) {
        history.createWithSampleRows();
        insertLockRow(LOCK_UUID);
    }

    public DatabaseSession open(SessionObserver observer) {
        return open(observer, SessionSettings.defaults());
    }

    public DatabaseSession open(SessionObserver observer, SessionSettings settings) {
        return DatabaseSession.open(dataSource, new Dialect(observer, clearLockWaits::add), settings, "test database", own);
    }

    public MigrationTable table(DatabaseSession session) {
        return new MigrationTableFinder().find(session, Optional.empty(), List.of(KnownTable.FLY_HFJ_MIGRATION))
                .tables().get(0);
    }

    /** Runs {@code sql} on a connection of its own, committed. */
    public void execute(String sql) {
        onOwnConnection(statements -> statements.update(sql));
    }

    public void insertTaskRow(int rank) {
        history.insert(new FlywayShapedTable.Row(rank, "6.0.0." + rank, "Add table", "JDBC", "HAPI FHIR", null, "V6",
                LocalDateTime.of(2026, 11, 30, 10, 0), 3, true));
    }

    /** One column of the lock row, as the database writes it as text. */
    public String lockColumn(String column) {
        return onOwnConnection(statements -> statements.one("SELECT CAST(\"" + column + "\" AS VARCHAR) FROM " + TABLE
                + " WHERE \"installed_rank\" = -100", RowMapper.STRING));
    }

    public void insertLockRow(String description) {
        history.insert(new FlywayShapedTable.Row(-100, null, description, "SQL", "HAPI FHIR migration lock", null,
                "smile", LocalDateTime.of(2026, 11, 30, 9, 0), 0, true));
    }

    public int lockRows() {
        return onOwnConnection(statements -> statements.one("SELECT COUNT(*) FROM " + TABLE
                + " WHERE \"installed_rank\" = -100", RowMapper.INTEGER));
    }

    private <T> T onOwnConnection(Function<Statements, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(new Statements(connection, 0, StatementLog.NONE));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
