package io.lockdoctor.cli;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MariaDbFixture;
import io.lockdoctor.fixtures.MigratorPause;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connected-clients rule end to end, as a runbook calls it: a HAPI migrator paused between two
 * tasks is never STALE and its idle sessions are named by the ids the database shows; a node that
 * only retries the lock next to a stale one does not keep it from being STALE (PostgreSQL).
 */
class ConnectedClientsCliTest {
    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    private static CliRun lockdoctor(DatabaseFixture fixture, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("LOCKDOCTOR_URL", fixture.url());
        env.put("LOCKDOCTOR_USER", fixture.user());
        if (!fixture.password().isEmpty()) {
            env.put("LOCKDOCTOR_PASSWORD", fixture.password());
        }
        return CliRun.run(env, Path.of("."), args);
    }

    private static JsonNode hfj(CliRun run) throws Exception {
        for (JsonNode table : new ObjectMapper().readTree(run.out()).get("databases").get(0).get("tables")) {
            if (table.get("table").asText().equals(HFJ_TABLE) && table.get("exists").asBoolean()) {
                return table;
            }
        }
        throw new AssertionError("no " + HFJ_TABLE + " in " + run.out());
    }

    private void pausedMigratorIsNamed(DatabaseFixture fixture, String... scope) throws Exception {
        HikariDataSource pool = fixture.newFixedPool(3, config -> { });
        List<String> ids = fixture.sessionIdsOf(pool);
        HapiMigratorHarness hapi = fixture.hapiMigrator(pool, HFJ_TABLE).createTable();
        MigratorPause pause = new MigratorPause(Duration.ofSeconds(60));
        CompletableFuture<MigrationResult> migration = hapi.migrateInBackground(
                sqlTask("20250101.1", "CREATE TABLE LD_CLI_A (ID INT)"), pause.task("20250101.2"));
        pause.awaitPaused(Duration.ofSeconds(30));
        CliRun status;
        try {
            List<String> args = new ArrayList<>(List.of("status", "--min-age", "0s", "--observe", "3s", "--format",
                    "json"));
            args.addAll(List.of(scope));
            status = lockdoctor(fixture, args.toArray(String[]::new));
        } finally {
            pause.resume();
        }
        assertThat(status.exitCode()).as(status.all()).isIn(ExitCodes.ACTIVE, ExitCodes.UNCERTAIN);
        JsonNode table = hfj(status);
        List<String> connected = new ArrayList<>();
        table.get("sessions").forEach(s -> {
            if (s.get("effect").asText().equals("CONNECTED")) {
                connected.add(s.get("pid").asText());
                assertThat(s.get("terminate").asText()).contains(s.get("pid").asText());
                assertThat(s.get("state").asText()).isEqualTo("idle");
            }
        });
        assertThat(connected).as(status.out()).containsAll(ids);
        assertThat(migration.get(60, TimeUnit.SECONDS).succeededTasks).hasSize(2);
    }

    @Test
    void aPausedMigratorIsNamedOnPostgres() throws Exception {
        pausedMigratorIsNamed(pg);
    }

    @Test
    void aPausedMigratorIsNamedOnMariaDb() throws Exception {
        pausedMigratorIsNamed(mariadb, "--schema", mariadb.database());
    }

    @Test
    void aWaitingNodeDoesNotKeepAStaleLockFromBeingStaleOnPostgres() throws Exception {
        String uuid;
        try (HikariDataSource scene = pg.newFixedPool(1, config -> { })) {
            HapiMigratorHarness hapi = pg.hapiMigrator(scene, HFJ_TABLE).createTable();
            uuid = hapi.leaveCrashedLock();
        }
        TimeUnit.MILLISECONDS.sleep(500);
        HikariDataSource waiting = pg.newFixedPool(3, config -> config.addDataSourceProperty("ApplicationName",
                "smile-cdr-node-2"));
        CompletableFuture<String> node = pg.hapiMigrator(waiting, HFJ_TABLE).waitForLockInBackground(15);
        TimeUnit.MILLISECONDS.sleep(1500);

        CliRun status = lockdoctor(pg, "status", "--min-age", "0s", "--observe", "3s", "--format", "json");
        CliRun doctor = lockdoctor(pg, "doctor", "--min-age", "0s", "--observe", "3s");

        assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.STALE);
        JsonNode table = hfj(status);
        assertThat(table.get("evidence").findValuesAsText("kind")).contains("LOCK_WAITER");
        assertThat(table.get("sessions").findValuesAsText("application")).containsOnly("smile-cdr-node-2");
        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(ExitCodes.STALE);
        assertThat(doctor.out()).contains("A server node is waiting for this lock right now")
                .contains("takes the lock and migrates at once").contains("--uuid " + uuid);
        assertThat(node.get(60, TimeUnit.SECONDS)).startsWith("HAPI-2153");
    }
}
