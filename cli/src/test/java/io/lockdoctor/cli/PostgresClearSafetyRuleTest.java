package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The clear's and the export's safety rules on the real PostgreSQL server. */
class PostgresClearSafetyRuleTest extends ClearSafetyRuleContract {
    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return PostgresSessions.clearDatabase(pg, workingDirectory);
    }

    @Override
    protected String sleepingDdl(String table, int seconds) {
        return "CREATE TABLE " + table + " AS SELECT 1 AS S FROM pg_sleep(" + seconds + ")";
    }

    @Override
    protected void awaitRunning(String fragment) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String sql = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + pg.database()
                + "' AND state = 'active' AND query LIKE '%" + fragment + "%' AND pid <> pg_backend_pid()";
        while ("0".equals(PostgresSessions.single(pg.adminDataSource(), sql))) {
            assertThat(System.nanoTime()).as("a session runs " + fragment).isLessThan(deadline);
            ClearProofContract.sleep(10);
        }
    }

    @Override
    protected String dropUniqueIndex() {
        return "DROP INDEX fly_hfj_migration_pk_index";
    }
}
