package io.lockdoctor.cli;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MigratorPause;
import io.lockdoctor.fixtures.PgBouncerFixture;
import io.lockdoctor.fixtures.PgBouncerFixture.PoolMode;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A HAPI migrator behind PgBouncer in transaction pooling, paused between two tasks while PgBouncer
 * closed its idle server connections: PostgreSQL shows no session of it at all. lockdoctor,
 * through PgBouncer or directly with --pooler-admin, reads PgBouncer's client list and never says
 * STALE; once the migrator crashed (no client left), STALE is reachable.
 */
class PgBouncerCliTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final PostgresDatabaseFixture database = new PostgresDatabaseFixture();
    private final MigratorPause pause = new MigratorPause(Duration.ofMinutes(2));

    @AfterEach
    void resume() {
        pause.resume();
    }

    private static CliRun lockdoctor(String url, String user, String password, Map<String, String> more,
            String... args) {
        Map<String, String> env = new HashMap<>(more);
        env.put("LOCKDOCTOR_URL", url);
        env.put("LOCKDOCTOR_USER", user);
        if (password != null && !password.isEmpty()) {
            env.put("LOCKDOCTOR_PASSWORD", password);
        }
        return CliRun.run(env, Path.of("."), args);
    }

    private static CliRun throughPgBouncer(PgBouncerFixture pgbouncer, String database, String... args) {
        return lockdoctor(pgbouncer.url(database), pgbouncer.user(), pgbouncer.password(), Map.of(), args);
    }

    private CliRun directly(Map<String, String> env, String... args) {
        return lockdoctor(database.url(), database.user(), database.password(), env, args);
    }

    private CompletableFuture<MigrationResult> pausedMigrator(HikariDataSource pool) throws Exception {
        HapiMigratorHarness hapi = new HapiMigratorHarness(pool, database.driverType(), HFJ_TABLE).createTable();
        CompletableFuture<MigrationResult> migration = hapi.migrateInBackground(
                sqlTask("20250101.1", "CREATE TABLE LD_BEFORE_PAUSE (ID INT)"), pause.task("20250101.2"),
                sqlTask("20250101.3", "CREATE TABLE LD_AFTER_PAUSE (ID INT)"));
        pause.awaitPaused(WAIT);
        awaitNoSessionOnPostgres();
        return migration;
    }

    private void awaitNoSessionOnPostgres() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (Connection admin = database.adminDataSource().getConnection();
                    Statement statement = admin.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '"
                            + database.database() + "' AND backend_type = 'client backend'")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("PgBouncer closed its idle server connections").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private static JsonNode hfj(CliRun run) throws Exception {
        JsonNode databases = new ObjectMapper().readTree(run.out()).get("databases");
        for (JsonNode table : databases.get(0).get("tables")) {
            if (table.get("table").asText().equals(HFJ_TABLE) && table.get("exists").asBoolean()) {
                return table;
            }
        }
        throw new AssertionError("no " + HFJ_TABLE + " in " + run.out());
    }

    private static List<String> pgbouncerClients(JsonNode table) {
        List<String> ids = new ArrayList<>();
        table.get("sessions").forEach(s -> {
            if (s.get("pid").asText().startsWith("pgbouncer:")) {
                assertThat(s.get("effect").asText()).isEqualTo("CONNECTED");
                assertThat(s.get("terminate").asText()).contains("KILL").contains("PgBouncer's console");
                ids.add(s.get("pid").asText());
            }
        });
        return ids;
    }

    @Test
    void throughPgBouncerAPausedMigratorIsNeverStale() throws Exception {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION)
                .serverIdleTimeout(Duration.ofSeconds(1)).start()) {
            HikariDataSource migratorPool = pgbouncer.pool(database.database(), 2, "hapi-migrator");
            CompletableFuture<MigrationResult> migration = pausedMigrator(migratorPool);

            CliRun status = throughPgBouncer(pgbouncer, database.database(), "status", "--min-age", "0s", "--observe",
                    "3s", "--format", "json");

            assertThat(status.exitCode()).as(status.all()).isIn(ExitCodes.ACTIVE, ExitCodes.UNCERTAIN);
            JsonNode table = hfj(status);
            assertThat(table.get("evidence").toString()).contains("goes through PgBouncer");
            assertThat(pgbouncerClients(table)).hasSize(migratorPool.getHikariPoolMXBean().getTotalConnections());
            assertNothingLeftOnTheServerConnection(pgbouncer);
            pause.resume();
            assertThat(migration.get(WAIT.toSeconds(), TimeUnit.SECONDS).succeededTasks).hasSize(3);
        }
    }

    /**
     * Through transaction pooling lockdoctor sets nothing on its sessions: a SET would stay on the
     * server connection that the next client (the migrator's next transaction) gets from PgBouncer,
     * which reuses the most recently used one first, and could cancel its long DDL.
     */
    private void assertNothingLeftOnTheServerConnection(PgBouncerFixture pgbouncer) throws Exception {
        try (HikariDataSource other = pgbouncer.pool(database.database(), 1, "next-client");
                Connection next = other.getConnection();
                Statement statement = next.createStatement();
                ResultSet rs = statement.executeQuery("SHOW statement_timeout")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("0");
        }
    }

    @Test
    void everyCommandThroughTransactionPoolingLeavesNoSettingBehind() throws Exception {
        try (HikariDataSource scene = database.newFixedPool(1, config -> { })) {
            new HapiMigratorHarness(scene, database.driverType(), HFJ_TABLE).createTable().leaveCrashedLock();
        }
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION).start()) {
            CliRun history = throughPgBouncer(pgbouncer, database.database(), "history");
            assertThat(history.exitCode()).as(history.all()).isZero();
            assertNothingLeftOnTheServerConnection(pgbouncer);

            CliRun status = throughPgBouncer(pgbouncer, database.database(), "status", "--observe", "0s");
            assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.UNCERTAIN);
            assertNothingLeftOnTheServerConnection(pgbouncer);
        }
    }

    @Test
    void directlyWithThePoolersAdminAddressAPausedMigratorIsNeverStale() throws Exception {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION)
                .serverIdleTimeout(Duration.ofSeconds(1)).start()) {
            HikariDataSource migratorPool = pgbouncer.pool(database.database(), 2, "hapi-migrator");
            CompletableFuture<MigrationResult> migration = pausedMigrator(migratorPool);

            String admin = pgbouncer.host() + ":" + pgbouncer.port();
            CliRun status = directly(Map.of("LOCKDOCTOR_POOLER_USER", pgbouncer.user(), "LOCKDOCTOR_POOLER_PASSWORD",
                    pgbouncer.password()), "status", "--min-age", "0s", "--observe", "3s", "--format", "json",
                    "--pooler-admin", admin);
            assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.UNCERTAIN);
            assertThat(pgbouncerClients(hfj(status))).hasSize(migratorPool.getHikariPoolMXBean().getTotalConnections());
            assertThat(status.all()).doesNotContain(pgbouncer.password());

            // A console that cannot be read (wrong account) leaves the view partial: not observable, never STALE.
            CliRun unreadable = directly(Map.of("LOCKDOCTOR_POOLER_USER", pgbouncer.user(), "LOCKDOCTOR_POOLER_PASSWORD",
                    "wrong-" + pgbouncer.password()), "status", "--min-age", "0s", "--observe", "3s", "--format",
                    "json", "--pooler-admin", admin);
            assertThat(unreadable.exitCode()).as(unreadable.all()).isEqualTo(ExitCodes.UNCERTAIN);
            assertThat(hfj(unreadable).get("reason").asText()).contains("not observable").contains("could not be read");
            pause.resume();
            assertThat(migration.get(WAIT.toSeconds(), TimeUnit.SECONDS).succeededTasks).hasSize(3);
        }
    }

    @Test
    void throughPgBouncerACrashedMigratorsLockCanBeStale() throws Exception {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.TRANSACTION)
                .serverIdleTimeout(Duration.ofSeconds(1)).start()) {
            HikariDataSource migratorPool = pgbouncer.pool(database.database(), 2, "hapi-migrator");
            CompletableFuture<MigrationResult> migration = pausedMigrator(migratorPool);
            migratorPool.close();
            pause.resume();
            assertThat(migration).failsWithin(WAIT);
            awaitNoSessionOnPostgres();

            CliRun status = throughPgBouncer(pgbouncer, database.database(), "status", "--min-age", "0s", "--observe",
                    "3s", "--format", "json");

            assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.STALE);
            JsonNode table = hfj(status);
            assertThat(table.get("evidence").toString()).contains("goes through PgBouncer");
            assertThat(pgbouncerClients(table)).isEmpty();
        }
    }

    /**
     * Connected directly while the servers use PgBouncer: a session whose client is PgBouncer (here a
     * server connection given back with DISCARD ALL in session pooling) is named as the pooler's and
     * makes sessions not observable, since a client paused behind the pooler may hold no session.
     */
    @Test
    void directlyASessionOfThePoolerIsNamedAndMakesSessionsNotObservable() throws Exception {
        try (HikariDataSource scene = database.newFixedPool(1, config -> { })) {
            new HapiMigratorHarness(scene, database.driverType(), HFJ_TABLE).createTable().leaveCrashedLock();
        }
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.SESSION).start()) {
            try (HikariDataSource client = pgbouncer.pool(database.database(), 1, "app-behind-pgbouncer");
                    Connection connection = client.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            TimeUnit.MILLISECONDS.sleep(500);

            CliRun status = directly(Map.of(), "status", "--min-age", "0s", "--observe", "3s", "--format", "json");

            assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.UNCERTAIN);
            JsonNode table = hfj(status);
            assertThat(table.get("reason").asText()).contains("connection pooler's");
            assertThat(table.get("sessions").toString()).contains("its client is a connection pooler");
        }
    }
}
