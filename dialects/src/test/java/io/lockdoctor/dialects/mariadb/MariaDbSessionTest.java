package io.lockdoctor.dialects.mariadb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StatementFailedException;
import io.lockdoctor.core.spi.Statements;
import io.lockdoctor.dialects.SessionProbe;
import io.lockdoctor.fixtures.MariaDbFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.TimeZone;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * lockdoctor's sessions on the real MariaDB server: bounded while open, given back as found, on the
 * database's clock whatever the zones, and a clearing transaction's row lock waits only as long as told.
 */
class MariaDbSessionTest {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @Test
    void boundsItsSessionWhileOpenAndResetsTheBorrowedConnection() throws SQLException {
        DataSource pool = mariadb.newDataSource(1);
        mariadb.hapiMigrator("FLY_HFJ_MIGRATION").createTable();
        assertThat(LockDoctor.builder(pool).build().dialect().id()).isEqualTo("mariadb");

        SessionProbe.whileReading(pool, doctor -> doctor.settings(SessionSettings.withTimeout(Duration.ofMillis(7500))),
                borrowed -> {
                    // Lock waits end a second before the 7.5 s statement bound (rounded up to 8).
                    assertThat(value(borrowed, "@@SESSION.innodb_lock_wait_timeout")).isEqualTo("7");
                    assertThat(value(borrowed, "@@SESSION.lock_wait_timeout")).isEqualTo("7");
                });

        try (Connection returned = pool.getConnection()) {
            assertThat(value(returned, "@@SESSION.innodb_lock_wait_timeout"))
                    .isEqualTo(value(returned, "@@GLOBAL.innodb_lock_wait_timeout"));
            assertThat(value(returned, "@@SESSION.lock_wait_timeout")).isEqualTo(value(returned, "@@GLOBAL.lock_wait_timeout"));
        }
    }

    /**
     * MariaDB's driver sends the JDBC query timeout every lockdoctor statement carries ({@code Statements})
     * as max_statement_time: the server stops it.
     */
    @Test
    void aStatementRunningPastTheTimeoutIsStoppedByTheServer() throws SQLException {
        SessionSettings settings = SessionSettings.withTimeout(Duration.ofSeconds(1));
        long started = System.nanoTime();

        try (Connection connection = mariadb.dataSource().getConnection()) {
            Statements sql = new Statements(connection, settings.timeoutSeconds(), settings.statementLog());
            assertThatThrownBy(() -> sql.one("SELECT COUNT(*) FROM information_schema.COLUMNS a, "
                    + "information_schema.COLUMNS b, information_schema.COLUMNS c", RowMapper.LONG))
                    .isInstanceOf(StatementFailedException.class)
                    .hasMessageContaining("max_statement_time exceeded");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    /**
     * CURRENT_TIMESTAMP read through the driver would be off by the gap between the JVM's and the
     * server's zones: the dialect's current-time query, read as an offset date-time as the engine
     * reads it, is the server's instant.
     */
    @Test
    void readsTheDatabaseClockAsAnInstantWhateverTheJvmZone() throws SQLException {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
        try (Connection connection = mariadb.newDataSource(1).getConnection()) {
            Statements sql = new Statements(connection, 5, SessionSettings.defaults().statementLog());
            Instant now = sql.one(new MariaDbDialect().currentTimeQuery(), rs -> rs.getObject(1, OffsetDateTime.class))
                    .toInstant();
            assertThat(Duration.between(Instant.now(), now).abs()).isLessThan(Duration.ofMinutes(1));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    /** docs/clear.md: a racing clear waits for the row lock a bounded time, never for ever and never NOWAIT. */
    @Test
    void theClearingRowLockWaitsOnlyAsLongAsTold() throws SQLException {
        mariadb.hapiMigrator("FLY_HFJ_MIGRATION").createTable().leaveCrashedLock();
        MariaDbDialect dialect = new MariaDbDialect();
        String select = dialect.selectForUpdate(dialect.quote("FLY_HFJ_MIGRATION"), dialect.quote("description"),
                dialect.quote("installed_rank") + " = -100", Duration.ofSeconds(1));

        try (Connection holder = mariadb.newDataSource(1).getConnection();
                Connection clearer = mariadb.newDataSource(1).getConnection()) {
            holder.setAutoCommit(false);
            clearer.setAutoCommit(false);
            try (Statement hold = holder.createStatement(); ResultSet rs = hold.executeQuery(select)) {
                assertThat(rs.next()).isTrue();
            }
            try (Statement bound = clearer.createStatement()) {
                for (String sql : dialect.clearTransactionSetup(Duration.ofSeconds(1))) {
                    bound.execute(sql);
                }
            }
            long started = System.nanoTime();
            assertThatThrownBy(() -> {
                try (Statement wait = clearer.createStatement()) {
                    wait.executeQuery(select);
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("Lock wait timeout exceeded");
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).isBetween(Duration.ofMillis(800), Duration.ofSeconds(3));
            holder.rollback();
            clearer.rollback();
        }
    }

    private static String value(Connection connection, String variable) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT " + variable)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
