package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.PostgresFixture;
import io.lockdoctor.cli.demo.DemoInstallation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code lockdoctor wait} against HAPI's real migrator, a stale lock, a deadline and a server that goes away. */
class WaitCommandTest {
    @RegisterExtension
    final PostgresFixture postgres = new PostgresFixture();

    @TempDir
    Path dir;

    @Test
    void waitsForARunningHapiMigrationAndEndsWithinAnIntervalOfItsEnd() throws Exception {
        HapiMigratorHarness hapi = postgres.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        hapi.migrate(HapiMigratorHarness.sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        CompletableFuture<MigrationResult> running = hapi.migrateInBackground(
                hapi.sleepingTask("20250101.2", "LD_SLOW", Duration.ofSeconds(8)));
        AtomicLong migrationEnded = new AtomicLong();
        running.whenComplete((result, failure) -> migrationEnded.set(System.nanoTime()));
        String uuid = hapi.awaitLock(Duration.ofSeconds(10));

        // The ACTIVE document conforms to its schema too (CliRun checks every JSON document).
        CliRun status = CliRun.on(postgres, "status", "--schema", postgres.schema(), "--observe", "1s", "--format",
                "json");
        assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.ACTIVE);
        assertThat(JsonContract.parse(status.out()).at("/databases/0/tables/1/sessions"))
                .extracting(session -> session.get("effect").asText()).contains("ACTIVE");

        CliRun wait = CliRun.on(postgres, "wait", "--schema", postgres.schema(), "--interval", "1s", "--observe", "1s");
        long waitEnded = System.nanoTime();

        assertThat(running).as("the migration ended before the wait did").isDone();
        assertThat(running.get().succeededTasks).hasSize(1);
        assertThat(wait.exitCode()).as(wait.all()).isEqualTo(ExitCodes.OK);
        assertThat(wait.err()).contains("| ACTIVE | lock FLY_HFJ_MIGRATION " + uuid + " seen for")
                .contains("migrator running: CREATE TABLE LD_SLOW AS SELECT 1 AS S FROM pg_sleep(8.0)")
                .contains("+0 history rows applied | latest 8.6.1.20250101.1")
                .contains("free to start after");
        assertThat(wait.err().lines().filter(l -> l.contains("| ACTIVE |")).count())
                .as("one log line per change, not per inspection: " + wait.err()).isEqualTo(1);
        assertThat(wait.err().lines().filter(l -> l.contains("| NO_LOCK | no lock | +")).count())
                .as("the released lock is no longer shown: " + wait.err()).isEqualTo(1);
        // One interval (1 s) plus the inspection that sees the lock gone (--observe 1 s), and a margin.
        assertThat(Duration.ofNanos(waitEnded - migrationEnded.get())).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aStaleLockEndsTheWaitAtTheFirstInspection() throws Exception {
        long started = System.nanoTime();
        CliRun wait = CliRun.run("wait", "--url", H2Files.withLock(dir, "CURRENT_DATE - 3"), "--user", "sa",
                "--observe", "1s", "--interval", "1h");

        assertThat(wait.exitCode()).as(wait.all()).isEqualTo(ExitCodes.STALE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("one inspection").isLessThan(Duration.ofSeconds(15));
        assertThat(wait.err()).contains("| STALE | lock FLY_HFJ_MIGRATION " + H2Files.LOCK_UUID)
                .contains("the lock is proven STALE: waiting will not release it");
        assertThat(wait.out()).as("the last inspection in full").contains("Verdict: STALE");
    }

    @Test
    void maxWaitEndsWithTheLastVerdictsCode() throws Exception {
        long started = System.nanoTime();
        CliRun wait = CliRun.run("wait", "--url", H2Files.withLock(dir, "CURRENT_DATE"), "--user", "sa",
                "--observe", "0s", "--interval", "1s", "--max-wait", "3s");

        assertThat(wait.exitCode()).as(wait.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(15));
        assertThat(wait.err()).contains("| UNCERTAIN |").contains("--max-wait 3s ran out; last seen: waiting 3s");
        assertThat(wait.out()).contains("Verdict: UNCERTAIN");
    }

    @Test
    void noHistoryTableYetIsFreeToStart() throws Exception {
        CliRun wait = CliRun.run("wait", "--url", H2Files.withLock(dir, null), "--user", "sa", "--observe", "0s");

        assertThat(wait.exitCode()).as(wait.all()).isEqualTo(ExitCodes.OK);
        assertThat(wait.err()).contains("| NO_LOCK | no lock |").contains("free to start after 0s");
    }

    @Test
    void aServerThatGoesAwayEndsTheWaitWithAClearErrorAfterBoundedRetries() throws Exception {
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        try {
            String url = "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:wait-" + System.nanoTime();
            try (Connection c = DriverManager.getConnection(url + ";DB_CLOSE_DELAY=-1", "sa", "");
                    Statement s = c.createStatement()) {
                for (String sql : DemoInstallation.ddl("FLY_HFJ_MIGRATION")) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, '" + H2Files.LOCK_UUID + "', "
                        + "'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', CURRENT_DATE, 0, TRUE, NULL)");
            }
            CompletableFuture<CliRun> waiting = CompletableFuture.supplyAsync(() -> CliRun.run("wait", "--url", url,
                    "--user", "sa", "--observe", "0s", "--interval", "1s", "--timeout", "2s"));
            Thread.sleep(3_000);
            assertThat(waiting).as("still waiting on a lock dated today").isNotDone();
            long gone = System.nanoTime();
            server.stop();

            CliRun wait = waiting.get(60, TimeUnit.SECONDS);
            Duration afterGone = Duration.ofNanos(System.nanoTime() - gone);

            assertThat(wait.exitCode()).as(wait.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(wait.err()).contains("| UNCERTAIN |").contains("| ERROR: ")
                    .contains("giving up: " + (WaitCommand.RETRIES + 1) + " inspections in a row failed, the last with:");
            // Each failed inspection is bounded by --timeout, and they are --interval apart.
            assertThat(afterGone).isLessThan(Duration.ofSeconds((WaitCommand.RETRIES + 1) * (1 + 2) + 5));
        } finally {
            server.stop();
        }
    }
}
