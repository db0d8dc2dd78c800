package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.dialects.SessionProbe;
import io.lockdoctor.fixtures.PostgresFixture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * lockdoctor's sessions are tagged and time-bounded while open (so its own sessions can be left
 * out of the evidence), and a connection borrowed from the caller's pool goes back as it was.
 */
class PostgresSessionTagTest {
    @RegisterExtension
    final PostgresFixture pg = new PostgresFixture();

    @Test
    void tagsAndBoundsItsSessionWhileOpenAndResetsTheBorrowedConnection() throws SQLException {
        // One connection only: every borrow below is the same backend.
        DataSource pool = pg.newDataSource(1);
        pg.hapiMigrator("FLY_HFJ_MIGRATION").createTable();
        AtomicInteger backend = new AtomicInteger();

        SessionProbe.whileReading(pool, doctor -> doctor.settings(SessionSettings.withTimeout(Duration.ofSeconds(7))),
                borrowed -> {
                    backend.set(backendPid(borrowed));
                    assertThat(show(borrowed, "statement_timeout")).isEqualTo("7s");
                    // Lock waits end a little before the statement bound, so they fail as lock waits.
                    assertThat(show(borrowed, "lock_timeout")).isEqualTo("6300ms");
                    assertThat(applicationNameSeenByOthers(backend.get())).isEqualTo("lockdoctor");
                });
        int pid = backend.get();

        assertThat(applicationNameSeenByOthers(pid)).as("still connected, back in the pool").isNotEqualTo("lockdoctor");
        try (Connection returned = pool.getConnection()) {
            assertThat(backendPid(returned)).isEqualTo(pid);
            assertThat(show(returned, "statement_timeout")).isEqualTo("0");
            assertThat(show(returned, "lock_timeout")).isEqualTo("0");
            assertThat(show(returned, "application_name")).isNotEqualTo("lockdoctor");
        }
    }

    @Test
    void resetsTheBorrowedConnectionAfterStatusToo() throws SQLException {
        DataSource pool = pg.newDataSource(1);
        pg.hapiMigrator("FLY_HFJ_MIGRATION").createTable().leaveCrashedLock();

        LockDoctor.builder(pool).build().status(InspectionOptions.defaults());

        try (Connection returned = pool.getConnection()) {
            assertThat(show(returned, "statement_timeout")).isEqualTo("0");
            assertThat(show(returned, "application_name")).isNotEqualTo("lockdoctor");
            assertThat(returned.getAutoCommit()).isTrue();
        }
    }

    /** What another session sees in {@code pg_stat_activity}, as lockdoctor's own sampling will. */
    private String applicationNameSeenByOthers(int pid) throws SQLException {
        try (Connection admin = pg.adminDataSource().getConnection();
                PreparedStatement query = admin.prepareStatement(
                        "SELECT application_name FROM pg_stat_activity WHERE pid = ?")) {
            query.setInt(1, pid);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("backend %s is connected", pid).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String show(Connection connection, String setting) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
