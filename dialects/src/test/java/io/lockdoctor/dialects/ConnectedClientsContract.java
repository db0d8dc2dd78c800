package io.lockdoctor.dialects;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import com.zaxxer.hikari.HikariDataSource;
import io.lockdoctor.core.ClientExclusion;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.HapiMigratorProcess;
import io.lockdoctor.fixtures.MigratorPause;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connected clients and lock waiters against a real database and HAPI FHIR's real migrator: a
 * migrator that stopped between two tasks keeps its pooled connections open and idle, runs
 * nothing and writes nothing, and must never be called STALE; a node that only retries the lock
 * must not keep a stale lock from being proven stale where the database shows what it does.
 * Each subclass binds it to one database. lockdoctor runs on a pool of its own here, as the CLI
 * does, so that only the scene's clients are other sessions.
 */
public abstract class ConnectedClientsContract {
    protected static final Duration WINDOW = Duration.ofSeconds(3);
    /** The application name of lockdoctor's own pool in these tests, where the driver sets one. */
    protected static final String LOCKDOCTOR_POOL = "lockdoctor-under-test";

    protected abstract DatabaseFixture fixture();

    /** Where lockdoctor looks (MariaDB: only this test's database of a shared server). */
    protected InspectionOptions options() {
        return InspectionOptions.defaults();
    }

    /**
     * A data source for a monitoring client, and the exclusion that names it: by application where
     * the database shows it, else by a user of its own.
     */
    protected abstract MonitoringClient monitoringClient();

    public record MonitoringClient(DataSource dataSource, ClientExclusion exclusion) {
    }

    /** Whether the database shows an idle session's last statement (PostgreSQL does, MariaDB and H2 do not). */
    protected abstract boolean showsLastStatement();

    private LockDoctor lockdoctor;

    /** One lockdoctor per test, on a pool of its own, as one CLI run has. */
    protected final LockDoctor lockdoctor() {
        if (lockdoctor == null) {
            lockdoctor = LockDoctor.builder(fixture().newFixedPool(4, config -> {
                config.setMinimumIdle(0);
                configureApplication(config, LOCKDOCTOR_POOL);
            })).privatePool(true).build();
        }
        return lockdoctor;
    }

    protected final InspectionOptions window() {
        return options().withObserve(WINDOW).withMinAge(Duration.ZERO);
    }

    protected final TableReport hfj(LockDoctor doctor, InspectionOptions options) {
        return doctor.status(options).tables().stream().filter(t -> t.table() == KnownTable.FLY_HFJ_MIGRATION)
                .filter(TableReport::exists).findFirst().orElseThrow();
    }

    protected static List<Evidence> evidence(TableReport report, EvidenceKind kind) {
        return report.evidence().stream().filter(e -> e.kind() == kind).toList();
    }

    /** A HAPI pool of {@code size} connections, all opened at once and kept while idle, and their ids. */
    protected final Pool hapiPool(int size, String application) {
        HikariDataSource pool = fixture().newFixedPool(size, config -> configureApplication(config, application));
        return new Pool(pool, fixture().sessionIdsOf(pool));
    }

    public record Pool(HikariDataSource dataSource, List<String> sessionIds) {
    }

    /** Sets the application name the pool's sessions report, where the driver can. */
    protected void configureApplication(com.zaxxer.hikari.HikariConfig config, String application) {
    }

    /** A stale lock left by a crashed migrator, written through a pool closed before lockdoctor looks. */
    protected final String staleLock() throws Exception {
        try (HikariDataSource scene = fixture().newFixedPool(1, c -> { })) {
            HapiMigratorHarness hapi = fixture().hapiMigrator(scene, HFJ_TABLE).createTable();
            hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_DONE (ID INT)"));
            String uuid = hapi.leaveCrashedLock();
            scene.close();
            awaitGone(scene);
            return uuid;
        }
    }

    /** Waits until the sessions of a closed pool have left the database. */
    protected void awaitGone(DataSource closed) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(300);
    }

    static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aHapiMigratorPausedBetweenTasksIsNeverStale() throws Exception {
        Pool pool = hapiPool(3, "hapi-paused-migrator");
        HapiMigratorHarness hapi = fixture().hapiMigrator(pool.dataSource(), HFJ_TABLE).createTable();
        MigratorPause pause = new MigratorPause(Duration.ofSeconds(60));
        CompletableFuture<MigrationResult> migration = hapi.migrateInBackground(
                sqlTask("20250101.1", "CREATE TABLE LD_PAUSED_A (ID INT)"), pause.task("20250101.2"),
                sqlTask("20250101.3", "CREATE TABLE LD_PAUSED_B (ID INT)"));
        pause.awaitPaused(Duration.ofSeconds(30));

        TableReport report;
        try {
            report = hfj(lockdoctor(), window());
        } finally {
            pause.resume();
        }

        assertThat(report.verdict()).as(report.reason()).isIn(Verdict.UNCERTAIN, Verdict.ACTIVE);
        assertThat(report.reason()).containsAnyOf("connected to this database", "running");
        List<String> connected = report.sessions().stream()
                .filter(f -> f.effect() == SessionFinding.Effect.CONNECTED).map(f -> f.session().id()).toList();
        assertThat(connected).as("the paused migrator's connections, by the ids the database shows")
                .containsAll(pool.sessionIds());
        assertThat(evidence(report, EvidenceKind.CONNECTED_CLIENT)).isNotEmpty();
        if (showsLastStatement()) {
            assertThat(report.sessions()).anySatisfy(f -> {
                assertThat(f.migratorConnection()).isTrue();
                assertThat(f.why()).contains("most likely a connection of the migrator");
            });
        }
        assertThat(report.settleBy()).hasAtLeastOneElementOfType(Advice.EndOrExcludeClients.class);
        assertThat(migration.get(60, TimeUnit.SECONDS).succeededTasks).hasSize(3);
        assertThat(hapi.lockDescription()).isEmpty();
    }

    @Test
    void aHapiMigratorProcessStoppedWithSigstopIsNeverStale(@TempDir Path dir) throws Exception {
        Path resume = dir.resolve("resume");
        Process process = HapiMigratorProcess.start(fixture(), migratorJdbcUrl(), HFJ_TABLE, resume);
        try {
            awaitFile(dir.resolve("resume.paused"), process);
            HapiMigratorProcess.signal(process, "STOP");
            TableReport report;
            try {
                report = hfj(lockdoctor(), window());
            } finally {
                HapiMigratorProcess.signal(process, "CONT");
            }
            assertThat(report.verdict()).as(report.reason()).isNotEqualTo(Verdict.STALE);
            assertThat(report.verdict()).as(report.reason()).isEqualTo(Verdict.UNCERTAIN);
            assertThat(report.sessions()).filteredOn(f -> f.effect() == SessionFinding.Effect.CONNECTED)
                    .hasSizeGreaterThanOrEqualTo(3);

            Files.writeString(resume, "go", StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the thawed migrator finished").isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("migrated");
        } finally {
            process.destroyForcibly();
        }
        assertThat(fixture().hapiMigrator(HFJ_TABLE).lockDescription()).isEmpty();
    }

    /** The URL a migrator in another process connects to. */
    protected abstract String migratorJdbcUrl();

    private static void awaitFile(Path file, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            assertThat(process.isAlive()).as("the migrator process is running").isTrue();
            assertThat(System.nanoTime()).as("the migrator reached its pause").isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    @Test
    void anIdleClientThatOnlyRanSelectOneBlocksStaleUntilExcluded() throws Exception {
        staleLock();
        MonitoringClient monitor = monitoringClient();
        try (Connection idle = monitor.dataSource().getConnection()) {
            String id = single(idle, fixture().sessionIdQuery());
            single(idle, "SELECT 1");

            TableReport blocked = hfj(lockdoctor(), window());
            assertThat(blocked.verdict()).as(blocked.reason()).isEqualTo(Verdict.UNCERTAIN);
            assertThat(blocked.sessions()).singleElement().satisfies(f -> {
                assertThat(f.effect()).isEqualTo(SessionFinding.Effect.CONNECTED);
                assertThat(f.session().id()).isEqualTo(id);
                assertThat(f.migratorConnection()).isFalse();
            });

            TableReport excluded = hfj(lockdoctor(), window().withExcludedClients(List.of(monitor.exclusion())));
            assertThat(excluded.verdict()).as(excluded.reason()).isEqualTo(Verdict.STALE);
            assertThat(evidence(excluded, EvidenceKind.OPERATOR_ASSUMPTION)).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("excludedClients " + monitor.exclusion()));
        }
        ((AutoCloseable) monitor.dataSource()).close();
        awaitGone(monitor.dataSource());
        TableReport alone = hfj(lockdoctor(), window());
        assertThat(alone.verdict()).as(alone.reason()).isEqualTo(Verdict.STALE);
    }

    /**
     * Whether a node retrying HAPI's lock INSERT shows as such: the database must show an idle
     * session's last statement (PostgreSQL). Elsewhere it is a connected client like any other.
     */
    protected boolean recognisesLockWaiters() {
        return showsLastStatement();
    }

    @Test
    void aNodeRetryingTheLockNextToAStaleLockIsOnlyWaiting() throws Exception {
        String uuid = staleLock();
        Pool waiting = hapiPool(3, "hapi-waiting-node");
        CompletableFuture<String> node = fixture().hapiMigrator(waiting.dataSource(), HFJ_TABLE)
                .waitForLockInBackground(12);
        TimeUnit.MILLISECONDS.sleep(1500);

        TableReport report = hfj(lockdoctor(), window());
        String gaveUp = node.get(60, TimeUnit.SECONDS);

        assertThat(gaveUp).startsWith("HAPI-2153").contains(uuid);
        if (recognisesLockWaiters()) {
            assertThat(report.verdict()).as(report.reason()).isEqualTo(Verdict.STALE);
            assertThat(report.reason()).contains("only waiting for the lock");
            assertThat(evidence(report, EvidenceKind.LOCK_WAITER)).isNotEmpty();
            assertThat(report.sessions()).filteredOn(f -> f.effect() == SessionFinding.Effect.LOCK_WAITER)
                    .extracting(f -> f.session().id()).containsExactlyInAnyOrderElementsOf(waiting.sessionIds());
            assertThat(report.sessions()).anySatisfy(f -> assertThat(f.lockAttempts()).isGreaterThanOrEqualTo(2));
        } else {
            assertThat(report.verdict()).as(report.reason()).isEqualTo(Verdict.UNCERTAIN);
        }
    }

    @Test
    void anExcludedClientThatWritesStillBlocksStale() throws Exception {
        staleLock();
        MonitoringClient monitor = monitoringClient();
        try (Connection writer = monitor.dataSource().getConnection();
                Statement statement = writer.createStatement()) {
            statement.execute("CREATE TABLE LD_MONITOR_WRITES (ID INT)");
            CompletableFuture<TableReport> report = CompletableFuture.supplyAsync(() -> hfj(lockdoctor(),
                    window().withExcludedClients(List.of(monitor.exclusion()))));
            for (int i = 0; i < 25 && !report.isDone(); i++) {
                statement.executeUpdate("INSERT INTO LD_MONITOR_WRITES VALUES (" + i + ")");
                TimeUnit.MILLISECONDS.sleep(100);
            }
            TableReport hfj = report.get(60, TimeUnit.SECONDS);
            assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.UNCERTAIN);
        }
    }
}
