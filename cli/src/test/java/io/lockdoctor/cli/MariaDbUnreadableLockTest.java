package io.lockdoctor.cli;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MariaDbFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** On the real MariaDB server: a history table under {@code LOCK TABLES ... WRITE} is never "gone". */
class MariaDbUnreadableLockTest {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    /** MariaDB names the holder of a LOCK TABLES lock only through this plugin. */
    @BeforeAll
    static void installMetadataLockInfo() throws SQLException {
        MariaDbFixture.installMetadataLockInfo();
    }

    @TempDir
    Path work;

    private CliRun lockdoctor(String... args) {
        return CliRun.run(Map.of("LOCKDOCTOR_URL", mariadb.url(), "LOCKDOCTOR_USER", mariadb.user()), work, args);
    }

    @Test
    void aHistoryTableUnderLockTablesWriteIsActiveInEveryCommandNeverGone() throws Exception {
        HapiMigratorHarness hapi = mariadb.hapiMigrator(HFJ_TABLE).createTable();
        String uuid = hapi.leaveCrashedLock();
        Path log = Files.writeString(work.resolve("smile.log"), "2026-11-27T10:00:00.000Z [main] ERROR ca.cdr.App "
                + "HAPI-2153: Unable to obtain table lock - another database migration may be running.  The lock record "
                + "is located in the FLY_HFJ_MIGRATION table with INSTALLED_RANK = -100 and DESCRIPTION = " + uuid + "\n");
        String schema = mariadb.database();
        try (Connection holder = mariadb.dataSource().getConnection(); Statement s = holder.createStatement()) {
            s.execute("LOCK TABLES `FLY_HFJ_MIGRATION` WRITE");

            CliRun clear = lockdoctor("clear", "--table", HFJ_TABLE, "--uuid", uuid, "--schema", schema, "--yes",
                    "--observe", "1s", "--min-age", "0s", "--timeout", "2s", "--audit-file",
                    work.resolve("audit.log").toString());
            CliRun export = lockdoctor("export", "--uuid", uuid, "--schema", schema, "--timeout", "2s", "--observe", "1s");
            CliRun doctor = lockdoctor("doctor", "--schema", schema, "--timeout", "2s", "--observe", "1s", "--log",
                    log.toString());
            s.execute("UNLOCK TABLES");

            for (CliRun run : List.of(clear, export, doctor)) {
                assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ACTIVE);
                assertThat(run.all()).doesNotContain("NOT_FOUND").doesNotContain("ALREADY_GONE")
                        .doesNotContain("is gone and no other").doesNotContain("start the server");
            }
            assertThat(clear.out()).contains("REFUSED_ACTIVE: Refused: FLY_HFJ_MIGRATION in " + schema
                    + " could not be read, so whether it holds the lock " + uuid + " is unknown");
            assertThat(export.out()).isEmpty();
            assertThat(doctor.out()).contains("UNREADABLE: FLY_HFJ_MIGRATION in " + schema + " could not be read")
                    .contains("1. Wait for the migration on FLY_HFJ_MIGRATION to finish");
        }
        assertThat(hapi.lockDescription()).contains(uuid);
        assertThat(work.resolve("audit.log")).doesNotExist();
    }

    /**
     * MariaDB lists only the tables an account may use: an account with rights on another table of
     * the database but none on the history table does not see it. That is unknown, never "no table".
     */
    @Test
    void aHistoryTableTheAccountMayNotSeeIsAnErrorNeverNothingFound() throws Exception {
        HapiMigratorHarness hapi = mariadb.hapiMigrator(HFJ_TABLE).createTable();
        String uuid = hapi.leaveCrashedLock();
        String database = mariadb.database();
        String user = "ld_h_" + database.substring(3);
        ClearDatabase.execute(mariadb.dataSource(), "CREATE TABLE `OTHER` (ID INT)");
        ClearDatabase.execute(mariadb.adminDataSource(), "CREATE USER '" + user + "'@'%' IDENTIFIED BY 'hidden'",
                "GRANT SELECT ON `" + database + "`.`OTHER` TO '" + user + "'@'%'");
        try {
            Map<String, String> env = Map.of("LOCKDOCTOR_URL", mariadb.url(), "LOCKDOCTOR_USER", user,
                    "LOCKDOCTOR_PASSWORD", "hidden");
            List<CliRun> runs = List.of(
                    CliRun.run(env, work, "status", "--observe", "1s"),
                    CliRun.run(env, work, "history"),
                    CliRun.run(env, work, "export", "--uuid", uuid, "--observe", "1s"),
                    CliRun.run(env, work, "clear", "--table", HFJ_TABLE, "--uuid", uuid, "--yes", "--observe", "1s",
                            "--audit-file", work.resolve("audit.log").toString()));

            for (CliRun run : runs) {
                assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
                assertThat(run.all()).containsPattern("whether " + database + "\\.FLY_(HFJ|CDR)_MIGRATION exists could not be told")
                        .contains("command denied").doesNotContain("NOT_FOUND").doesNotContain("hidden@");
            }
        } finally {
            ClearDatabase.execute(mariadb.adminDataSource(), "DROP USER IF EXISTS '" + user + "'@'%'");
        }
        assertThat(hapi.lockDescription()).contains(uuid);
    }
}
