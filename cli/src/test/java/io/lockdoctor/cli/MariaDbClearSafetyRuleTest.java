package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.MariaDbFixture;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The clear's and the export's safety rules on the real MariaDB server. */
class MariaDbClearSafetyRuleTest extends ClearSafetyRuleContract {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return MariaDbSessions.clearDatabase(mariadb, workingDirectory);
    }

    @Override
    protected String sleepingDdl(String table, int seconds) {
        return "CREATE TABLE " + table + " AS SELECT SLEEP(" + seconds + ") AS S";
    }

    @Override
    protected void awaitRunning(String fragment) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String sql = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = '" + mariadb.database()
                + "' AND COMMAND = 'Query' AND INFO LIKE '%" + fragment + "%' AND ID <> CONNECTION_ID()";
        while ("0".equals(MariaDbSessions.single(mariadb.adminDataSource(), sql))) {
            assertThat(System.nanoTime()).as("a session runs " + fragment).isLessThan(deadline);
            ClearProofContract.sleep(10);
        }
    }

    @Override
    protected String dropUniqueIndex() {
        return "DROP INDEX \"FLY_HFJ_MIGRATION_PK_INDEX\" ON \"FLY_HFJ_MIGRATION\"";
    }
}
