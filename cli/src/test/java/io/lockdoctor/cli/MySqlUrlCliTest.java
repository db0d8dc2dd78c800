package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MariaDbFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jdbc:mysql://} URLs, as MySQL users write them, reach the local MariaDB server through the
 * bundled MariaDB driver for every command, with a lock left by HAPI's own migrator.
 */
class MySqlUrlCliTest {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @TempDir
    Path work;

    private String uuid;

    @BeforeEach
    void crashedMigrator() {
        HapiMigratorHarness hapi = mariadb.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        uuid = hapi.leaveCrashedLock();
    }

    @Test
    void statusReadsTheLock() {
        // --observe 0s: a lock seen without a window is at most UNCERTAIN, whatever else runs on the server.
        CliRun run = lockdoctor("status", "--observe", "0s", "--table", "FLY_HFJ_MIGRATION");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertThat(run.out()).contains("dialect mariadb").contains("LOCK: " + uuid);
    }

    @Test
    void historyListsTheRows() {
        CliRun run = lockdoctor("history", "--format", "csv");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains(uuid).contains(HapiMigratorHarness.TABLE_CREATED_DESCRIPTION);
    }

    @Test
    void exportChecksTheUuidAgainstTheLockRowAndPrintsItWhenForced() {
        CliRun run = lockdoctor("export", "--uuid", uuid, "--observe", "0s", "--force");

        assertThat(run.out()).as(run.all()).isEqualTo("export CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + uuid + "\n");
        assertThat(run.err()).contains("FLY_HFJ_MIGRATION lock " + uuid + ": UNCERTAIN");
        assertThat(run.exitCode()).as(run.all()).isZero();
    }

    @Test
    void clearDryRunShowsTheExactStatementsAndKeepsTheRow() {
        CliRun run = lockdoctor("clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", uuid, "--dry-run", "--observe", "0s",
                "--force");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("DRY_RUN").contains("DELETE FROM `" + mariadb.database() + "`.`FLY_HFJ_MIGRATION`")
                .contains("Restore:");
        assertThat(mariadb.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).lockDescription()).contains(uuid);
    }

    /** Scoped to this test's database: the shared server holds other runs' databases too. */
    private CliRun lockdoctor(String... args) {
        String url = mariadb.url().replaceFirst("^jdbc:mariadb:", "jdbc:mysql:");
        assertThat(url).startsWith("jdbc:mysql://");
        String[] scoped = java.util.Arrays.copyOf(args, args.length + 2);
        scoped[args.length] = "--schema";
        scoped[args.length + 1] = mariadb.database();
        return CliRun.run(Map.of("LOCKDOCTOR_URL", url, "LOCKDOCTOR_USER", mariadb.user(),
                "LOCKDOCTOR_PASSWORD", mariadb.password() == null ? "" : mariadb.password()), work, scoped);
    }
}
