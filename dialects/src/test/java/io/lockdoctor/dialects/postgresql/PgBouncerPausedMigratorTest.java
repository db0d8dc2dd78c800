package io.lockdoctor.dialects.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import com.zaxxer.hikari.HikariDataSource;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StatementLog;
import io.lockdoctor.core.spi.Statements;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MigratorPause;
import io.lockdoctor.fixtures.PgBouncerFixture.PoolMode;
import io.lockdoctor.fixtures.PgBouncerFixture;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HAPI's real migrator, through a HikariCP pool and PgBouncer, paused between two tasks while
 * PgBouncer closes its idle server connections: PostgreSQL then shows no session of it, and only
 * PgBouncer's client list tells that it is still there. lockdoctor looks both through PgBouncer
 * and directly (given PgBouncer's admin address).
 */
class PgBouncerPausedMigratorTest {
    private static final String MIGRATOR = "hapi-migrator";
    private static final String LOCKDOCTOR = "lockdoctor";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final PoolerInspector inspector =
            new PoolerInspector(SessionSettings.withTimeout(Duration.ofSeconds(5)), Clock.systemUTC());
    private final MigratorPause pause = new MigratorPause(Duration.ofMinutes(2));

    @RegisterExtension
    final PostgresDatabaseFixture database = new PostgresDatabaseFixture();

    @AfterEach
    void resumeMigrator() {
        pause.resume();
    }

    @Test
    void transactionPoolingThroughPgBouncerListsThePausedMigratorThatPostgresqlNoLongerShows() throws Exception {
        try (PgBouncerFixture pgbouncer = idleServersClosed(PoolMode.TRANSACTION)) {
            HikariDataSource migratorPool = pgbouncer.pool(database.database(), 2, MIGRATOR);
            CompletableFuture<MigrationResult> migration = pauseMigrator(migratorPool);
            Instant paused = Instant.now();
            // On PostgreSQL the paused migrator leaves nothing: no session, none a pooler-session check could name.
            awaitNoOtherSession();
            try (Connection connection = database.newDataSource(1).getConnection()) {
                assertThat(inspector.poolerSessions(statements(connection), List.of())).isEmpty();
            }

            // lockdoctor through PgBouncer: it sees that, and reads PgBouncer's clients.
            DataSource lockdoctor = pgbouncer.pool(database.database(), 4, LOCKDOCTOR, true);
            PoolerDetection detection = inspector.detect(lockdoctor, pgbouncer.url(database.database()),
                    new ConsoleCredentials(pgbouncer.user(), pgbouncer.password()));
            assertThat(detection.pooler()).isEqualTo(PoolerDetection.Pooler.PGBOUNCER);
            assertThat(detection.transactionPooling()).isTrue();
            assertThat(detection.summary()).contains("goes through PgBouncer");

            List<PgBouncerClient> migratorClients = otherClients(detection.console().orElseThrow(), pgbouncer);
            assertThat(migratorClients).hasSize(migratorPool.getHikariPoolMXBean().getTotalConnections())
                    .isNotEmpty().allSatisfy(client -> {
                assertThat(client.user()).isEqualTo(pgbouncer.user());
                assertThat(client.address()).isEqualTo("127.0.0.1");
                assertThat(client.serverDatabase()).isEqualTo(database.database());
                assertThat(client.connectTime()).isBefore(paused.plusSeconds(1));
                assertThat(client.requestTime()).isBefore(paused.plusSeconds(1));
                // Idle behind the pooler: no server connection of its own.
                assertThat(client.linkedServer()).isNull();
                assertThat(client.endCommand()).startsWith("KILL " + database.database() + ";");
            });

            assertThat(new HapiMigratorHarness(database.dataSource(), database.driverType(), HapiMigratorHarness.HFJ_TABLE)
                    .lockDescription()).isPresent();

            pause.resume();
            assertThat(migration.get(WAIT.toSeconds(), TimeUnit.SECONDS).succeededTasks).hasSize(3);
        }
    }

    @Test
    void connectedDirectlyWithTheAdminAddressTheMigratorIsFoundBehindPgBouncer() throws Exception {
        try (PgBouncerFixture pgbouncer = idleServersClosed(PoolMode.TRANSACTION)) {
            HikariDataSource migratorPool = pgbouncer.pool(database.database(), 2, MIGRATOR);
            CompletableFuture<MigrationResult> migration = pauseMigrator(migratorPool);
            awaitNoOtherSession();

            PoolerDetection detection = inspector.detect(database.newDataSource(4), database.url(),
                    new ConsoleCredentials(database.user(), database.password()));
            assertThat(detection.throughPooler()).isFalse();

            PoolerEndpoint adminAddress = PoolerEndpoint.parse(pgbouncer.host() + ":" + pgbouncer.port());
            assertThat(otherClients(adminAddress, pgbouncer)).isNotEmpty()
                    .hasSize(migratorPool.getHikariPoolMXBean().getTotalConnections())
                    .allSatisfy(client -> assertThat(client.serverDatabase()).isEqualTo(database.database()));

            pause.resume();
            assertThat(migration.get(WAIT.toSeconds(), TimeUnit.SECONDS).succeededTasks).hasSize(3);
        }
    }

    @Test
    void sessionPoolingKeepsTheMigratorsServerConnectionWhichIsNamedAsPgBouncers() throws Exception {
        try (PgBouncerFixture pgbouncer = idleServersClosed(PoolMode.SESSION)) {
            CompletableFuture<MigrationResult> migration = pauseMigrator(pgbouncer.pool(database.database(), 2, MIGRATOR));
            PoolerEndpoint adminAddress = new PoolerEndpoint(pgbouncer.host(), pgbouncer.port());

            try (PgBouncerConsole console = inspector.openConsole(adminAddress,
                    new ConsoleCredentials(pgbouncer.user(), pgbouncer.password()));
                    Connection connection = database.newDataSource(1).getConnection()) {
                Statements sql = statements(connection);
                PgBouncerSnapshot snapshot = console.snapshot();
                List<PgBouncerClient> clients = snapshot.clientsOf(database.database()).stream()
                        .filter(client -> MIGRATOR.equals(client.applicationName())).toList();
                assertThat(clients).isNotEmpty().allSatisfy(client -> assertThat(client.linkedServer()).isNotNull());

                List<PoolerSession> named = inspector.poolerSessions(sql, List.of(snapshot));
                List<String> backends = sql.list("SELECT pid::text FROM pg_stat_activity WHERE datname = "
                        + "current_database() AND application_name = ?", RowMapper.STRING, MIGRATOR);
                assertThat(backends).hasSameSizeAs(clients);
                assertThat(named).extracting(PoolerSession::pid).containsExactlyInAnyOrderElementsOf(backends);
                assertThat(named).allSatisfy(session -> {
                    assertThat(session.certain()).isTrue();
                    assertThat(session.detail()).contains("server connection of PgBouncer 1.").contains("lent now to client "
                            + pgbouncer.user() + "@127.0.0.1:").contains("(" + MIGRATOR + ")");
                });
            }
            pause.resume();
            assertThat(migration.get(WAIT.toSeconds(), TimeUnit.SECONDS).succeededTasks).hasSize(3);
        }
    }

    @Test
    void aServerConnectionGivenBackInSessionPoolingIsRecognisedByItsTracesAlone() throws Exception {
        try (PgBouncerFixture pgbouncer = new PgBouncerFixture(PoolMode.SESSION).start()) {
            HikariDataSource client = pgbouncer.pool(database.database(), 1, "short-lived");
            try (var connection = client.getConnection(); var statement = connection.createStatement()) {
                statement.execute("SELECT 1");
            }
            client.close();
            try (Connection connection = database.newDataSource(1).getConnection()) {
                List<PoolerSession> named = awaitPoolerSessions(statements(connection));
                assertThat(named).singleElement().satisfies(session -> {
                    assertThat(session.certain()).isFalse();
                    assertThat(session.detail()).contains("DISCARD ALL");
                });
            }
        }
    }

    @Test
    void aCrashedMigratorLeavesItsLockAndNoClientOnPgBouncer() throws Exception {
        try (PgBouncerFixture pgbouncer = idleServersClosed(PoolMode.TRANSACTION)) {
            HikariDataSource migratorPool = pgbouncer.pool(database.database(), 2, MIGRATOR);
            CompletableFuture<MigrationResult> migration = pauseMigrator(migratorPool);
            PoolerEndpoint adminAddress = new PoolerEndpoint(pgbouncer.host(), pgbouncer.port());
            assertThat(otherClients(adminAddress, pgbouncer)).isNotEmpty()
                    .hasSize(migratorPool.getHikariPoolMXBean().getTotalConnections());

            // The process dies: its pool's connections close, its lock row stays.
            migratorPool.close();
            pause.resume();
            assertThat(migration).failsWithin(WAIT);
            awaitNoOtherSession();

            assertThat(otherClients(adminAddress, pgbouncer)).isEmpty();
            try (PgBouncerConsole console = inspector.openConsole(adminAddress,
                    new ConsoleCredentials(pgbouncer.user(), pgbouncer.password()))) {
                assertThat(console.snapshot().clientsOf(database.database())).isEmpty();
            }
            assertThat(new HapiMigratorHarness(database.dataSource(), database.driverType(), HapiMigratorHarness.HFJ_TABLE)
                    .lockDescription()).isPresent();
        }
    }

    private PgBouncerFixture idleServersClosed(PoolMode mode) {
        return new PgBouncerFixture(mode).serverIdleTimeout(Duration.ofSeconds(1)).start();
    }

    /** HAPI's migrator through {@code pool}: one task, the pause, one more; returns once it is paused. */
    private CompletableFuture<MigrationResult> pauseMigrator(DataSource pool) {
        HapiMigratorHarness migrator = new HapiMigratorHarness(pool, database.driverType(), HapiMigratorHarness.HFJ_TABLE)
                .createTable();
        CompletableFuture<MigrationResult> migration = migrator.migrateInBackground(
                HapiMigratorHarness.sqlTask("20250101.1", "CREATE TABLE LD_BEFORE_PAUSE (ID INT)"),
                pause.task("20250101.2"),
                HapiMigratorHarness.sqlTask("20250101.3", "CREATE TABLE LD_AFTER_PAUSE (ID INT)"));
        pause.awaitPaused(WAIT);
        return migration;
    }

    /**
     * The clients of the test database on PgBouncer's console, lockdoctor's own left out (they carry
     * its name from login on). The migrator's have no name: pgjdbc sets it after login, which
     * PgBouncer 1.18 does not list in transaction pooling.
     */
    private List<PgBouncerClient> otherClients(PoolerEndpoint console, PgBouncerFixture pgbouncer) {
        try (PgBouncerConsole opened = inspector.openConsole(console,
                new ConsoleCredentials(pgbouncer.user(), pgbouncer.password()))) {
            return opened.snapshot().clientsOf(database.database()).stream()
                    .filter(client -> !LOCKDOCTOR.equals(client.applicationName()))
                    .toList();
        }
    }

    /** Sessions on the test database other than the one asking. */
    private int otherSessions() throws SQLException {
        try (Connection connection = database.adminDataSource().getConnection()) {
            return statements(connection).one("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? "
                    + "AND backend_type = 'client backend'", RowMapper.INTEGER, database.database());
        }
    }

    private static Statements statements(Connection connection) {
        return new Statements(connection, 0, StatementLog.NONE);
    }

    private void awaitNoOtherSession() throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (otherSessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(otherSessions()).as("sessions left on " + database.database()).isZero();
    }

    private List<PoolerSession> awaitPoolerSessions(Statements sql) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<PoolerSession> named = inspector.poolerSessions(sql, List.of());
        while (named.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            named = inspector.poolerSessions(sql, List.of());
        }
        return named;
    }
}
