package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MariaDbFixture;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Never hang a runbook: a history table another session locks is answered within --timeout, naming the holder. */
class BoundedWaitCliTest {
    @RegisterExtension
    final PostgresDatabaseFixture postgres = new PostgresDatabaseFixture();

    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    /** MariaDB names the holder of a LOCK TABLES lock only through this plugin. */
    @BeforeAll
    static void installMetadataLockInfo() throws SQLException {
        MariaDbFixture.installMetadataLockInfo();
    }

    @Test
    void aHistoryTableLockedByAnotherSessionIsActiveEvidenceNamedWithinTheTimeout() throws Exception {
        postgres.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable().leaveCrashedLock();
        try (Connection holder = postgres.dataSource().getConnection(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE \"FLY_HFJ_MIGRATION\" IN ACCESS EXCLUSIVE MODE");
            s.execute("SET application_name = 'holder'");
            long start = System.nanoTime();
            CliRun run = CliRun.run(Map.of("LOCKDOCTOR_URL", postgres.url(), "LOCKDOCTOR_USER", postgres.user()),
                    Path.of("."), "status", "--timeout", "2s", "--observe", "1s");
            long millis = (System.nanoTime() - start) / 1_000_000;
            holder.rollback();

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ACTIVE);
            assertThat(run.out()).contains("The history table is locked by session")
                    .contains("holder").contains("AccessExclusiveLock").contains("pg_terminate_backend(");
            assertThat(millis).as("--timeout 2s + --observe 1s + margin").isLessThan(2_000 + 1_000 + 4_000);
        }
    }

    @Test
    void historyOnALockedTableFailsWithinTheTimeoutSayingWhy() throws Exception {
        postgres.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        try (Connection holder = postgres.dataSource().getConnection(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE \"FLY_HFJ_MIGRATION\" IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            CliRun run = CliRun.run(Map.of("LOCKDOCTOR_URL", postgres.url(), "LOCKDOCTOR_USER", postgres.user()),
                    Path.of("."), "history", "--timeout", "2s");
            long millis = (System.nanoTime() - start) / 1_000_000;
            holder.rollback();

            assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.err()).contains("lock timeout").contains("--timeout 2s").doesNotContain("\tat ");
            assertThat(millis).isLessThan(2_000 + 4_000);
        }
    }

    @Test
    void onMariaDbATableLockedWithLockTablesIsAnsweredWithinTheTimeout() throws Exception {
        mariadb.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable().leaveCrashedLock();
        try (Connection holder = mariadb.dataSource().getConnection(); Statement s = holder.createStatement()) {
            s.execute("LOCK TABLES `FLY_HFJ_MIGRATION` WRITE");
            long start = System.nanoTime();
            CliRun run = CliRun.run(Map.of("LOCKDOCTOR_URL", mariadb.url(), "LOCKDOCTOR_USER", mariadb.user()),
                    Path.of("."), "status", "--timeout", "2s", "--observe", "1s", "--schema", mariadb.database());
            long millis = (System.nanoTime() - start) / 1_000_000;
            s.execute("UNLOCK TABLES");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ACTIVE);
            assertThat(run.out()).contains("The history table is locked by session").contains("KILL ");
            assertThat(millis).as("--timeout 2s + --observe 1s + margin").isLessThan(2_000 + 1_000 + 4_000);
        }
    }

    @Test
    void anH2DatabaseThatGoesExclusiveMidWindowIsGivenUpOnWithinTheBound() throws Exception {
        String url = "jdbc:h2:mem:exclusive-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection owner = java.sql.DriverManager.getConnection(url, "sa", "");
                Statement s = owner.createStatement()) {
            for (String sql : io.lockdoctor.cli.demo.DemoInstallation.ddl("FLY_HFJ_MIGRATION")) {
                s.execute(sql);
            }
            s.execute("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, 'cc38089f-d3ab-4ac6-a65f-dcc0727cee10', "
                    + "'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', CURRENT_DATE - 3, 0, TRUE, NULL)");
            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<CliRun> running = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> CliRun.run("status", "--url", url, "--user", "sa", "--timeout", "1s", "--observe", "3s"));
            Thread.sleep(1_500);
            // Exclusive mode pauses every other open session's statements, whatever their timeouts
            // (and refuses new connections, if lockdoctor had not connected yet).
            s.execute("SET EXCLUSIVE 1");
            CliRun run = running.get(30, java.util.concurrent.TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            s.execute("SET EXCLUSIVE 0");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.out()).contains("exclusive mode");
            assertThat(millis).as("--timeout 1s + --observe 3s + the 5 s margin").isLessThan(1_000 + 3_000 + 5_000 + 2_000);
        }
    }
}
