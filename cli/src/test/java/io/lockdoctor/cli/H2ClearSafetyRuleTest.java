package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.H2Fixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The clear's and the export's safety rules on embedded H2. */
class H2ClearSafetyRuleTest extends ClearSafetyRuleContract {
    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return new ClearDatabase(h2, "PUBLIC", workingDirectory, () -> { });
    }

    @BeforeEach
    void sleepAlias() {
        db.execute(HapiMigratorHarness.H2_SLEEP_ALIAS_DDL);
    }

    @Override
    protected String sleepingDdl(String table, int seconds) {
        return "CREATE TABLE " + table + " AS SELECT " + HapiMigratorHarness.H2_SLEEP_ALIAS + "(" + seconds * 1000 + ") AS S";
    }

    @Override
    protected void awaitRunning(String fragment) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.rows("SELECT COUNT(*) AS N FROM INFORMATION_SCHEMA.SESSIONS WHERE EXECUTING_STATEMENT LIKE '%"
                + fragment + "%' AND SESSION_ID <> SESSION_ID()").get(0).get("N").toString().equals("0")) {
            assertThat(System.nanoTime()).as("a session runs " + fragment).isLessThan(deadline);
            ClearProofContract.sleep(10);
        }
    }

    @Override
    protected String dropUniqueIndex() {
        return "DROP INDEX \"FLY_HFJ_MIGRATION_PK_INDEX\"";
    }
}
