package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.dialects.SafetyRuleEvidenceContract;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The probe and history-progress rules on the real PostgreSQL server, a database of its own per test. */
class PostgresSafetyRuleEvidenceTest extends SafetyRuleEvidenceContract {
    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();

    @Override
    protected DatabaseFixture fixture() {
        return pg;
    }

    /** A closed pool's backends end asynchronously. */
    @Override
    protected void awaitGone() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Connection admin = pg.adminDataSource().getConnection(); Statement statement = admin.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                            + pg.database() + "' AND backend_type = 'client backend'")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThat(System.nanoTime()).as("the scene's sessions left " + pg.database()).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
