package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/** What the clear suites need to know about the sessions of a per-test PostgreSQL database. */
final class PostgresSessions {
    private PostgresSessions() {
    }

    static ClearDatabase clearDatabase(PostgresDatabaseFixture pg, Path workingDirectory) {
        return new ClearDatabase(pg, pg.schema(), workingDirectory, () -> awaitClientSessionsGone(pg));
    }

    /** Closed connections end their backends asynchronously; a backend flushes its write counters as it exits. */
    static void awaitClientSessionsGone(PostgresDatabaseFixture pg) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String count = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + pg.database()
                + "' AND backend_type = 'client backend'";
        while (!"0".equals(single(pg.adminDataSource(), count))) {
            assertThat(System.nanoTime()).as("sessions of the setup left " + pg.database()).isLessThan(deadline);
            ClearProofContract.sleep(20);
        }
    }

    static String single(DataSource dataSource, String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
                ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
