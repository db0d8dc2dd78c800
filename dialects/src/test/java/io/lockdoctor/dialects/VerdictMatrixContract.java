package io.lockdoctor.dialects;

import static io.lockdoctor.fixtures.HapiMigratorHarness.CDR_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.WindowProgress;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The verdict matrix of docs/evidence.md against a real database and HAPI FHIR's real migrator: each
 * subclass binds it to one database. Windows are short (1.5 s) to keep the suite fast; the rules
 * do not depend on the length beyond the 1 s minimum.
 *
 * <p>Everything a test prepares before the window goes through {@link #setup()}, a pool that
 * {@link #settle()} closes before lockdoctor looks: sessions that prepared the scene are gone and
 * (on PostgreSQL) have flushed their write counters, so only what runs during the window is seen.
 */
public abstract class VerdictMatrixContract {
    protected static final Duration WINDOW = Duration.ofMillis(1500);

    private DataSource setup;
    private final List<Runnable> cleanups = new ArrayList<>();

    protected abstract DatabaseFixture fixture();

    /** The schema HAPI's migrator writes to, as the catalog spells it. */
    protected abstract String schema();

    /**
     * Creates an account that may read {@code FLY_HFJ_MIGRATION} but not see other sessions,
     * registers its removal with {@link #afterTest}, and returns a data source logging in as it.
     */
    protected abstract DataSource accountThatCannotSeeSessions();

    /** What the report must show of the session that ran HAPI's sleeping task. */
    protected abstract void assertIdentifies(SessionFinding finding);

    /** Waits until every session of {@link #setup()} has left the database, after its pool was closed. */
    protected void awaitSetupSessionsGone() {
    }

    /**
     * A new pool, closed after the test, through which HAPI's migrator and the scene's SQL run
     * (double-quoted identifiers included); MariaDB needs one in ANSI_QUOTES mode.
     */
    protected DataSource newScenePool(int maxPoolSize) {
        return fixture().newDataSource(maxPoolSize);
    }

    /** An identifier quoted so that it works on connections lockdoctor uses (any SQL mode). */
    protected String quoted(String identifier) {
        return '"' + identifier + '"';
    }

    /** Moves the lock row's {@code installed_on} {@code days} back (run through {@link #setup()}). */
    protected String lockDatedDaysAgo(int days) {
        return "UPDATE \"FLY_HFJ_MIGRATION\" SET \"installed_on\" = \"installed_on\" - " + days
                + " WHERE \"installed_rank\" = -100";
    }

    /** Drops HAPI's unique index on {@code installed_rank}. */
    protected String dropRankIndex() {
        return "DROP INDEX FLY_HFJ_MIGRATION_PK_INDEX";
    }

    /** Whether the database tells when a session connected (MariaDB's process list does not). */
    protected boolean showsSessionStart() {
        return true;
    }

    /** Runs when the test ends, before the fixture drops the database (e.g. to drop an account). */
    protected final void afterTest(Runnable cleanup) {
        cleanups.add(0, cleanup);
    }

    @AfterEach
    void runCleanups() {
        cleanups.forEach(Runnable::run);
    }

    /** The pool that prepares the scene; closed by {@link #settle()}, a new one after that. */
    protected DataSource setup() {
        if (setup == null) {
            setup = newScenePool(4);
        }
        return setup;
    }

    protected HapiMigratorHarness hapi(String table) {
        return fixture().hapiMigrator(setup(), table);
    }

    protected void execute(String... statements) {
        execute(setup(), statements);
    }

    protected static void execute(DataSource dataSource, String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Closes the setup pool so that only what runs during the window is seen. */
    protected void settle() {
        if (setup != null) {
            try {
                ((AutoCloseable) setup).close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            setup = null;
            awaitSetupSessionsGone();
        }
    }

    /** lockdoctor on its own pool, as an embedding application would give it one. */
    protected LockDoctor doctor() {
        return LockDoctor.builder(fixture().newDataSource(3)).build();
    }

    protected InspectionOptions window(Duration minAge) {
        return options().withObserve(WINDOW).withMinAge(minAge);
    }

    /**
     * Where lockdoctor looks: every schema by default. Where one account sees every database of a
     * shared server (MariaDB), other test runs' databases would put their locks and sessions into
     * the window, so that subclass searches only this test's database.
     */
    protected InspectionOptions options() {
        return InspectionOptions.defaults();
    }

    protected TableReport hfj(DatabaseReport report) {
        return table(report, KnownTable.FLY_HFJ_MIGRATION);
    }

    protected TableReport table(DatabaseReport report, KnownTable kind) {
        assertThat(report.error()).as("inspected without error").isNull();
        return report.tables().stream()
                .filter(t -> t.table() == kind && schema().equals(t.schema()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + " in " + schema() + " not reported: " + report));
    }

    protected static List<Evidence> evidence(TableReport report, EvidenceKind kind) {
        return report.evidence().stream().filter(e -> e.kind() == kind).toList();
    }

    /** The history of a real upgrade, then the row a killed migrator leaves behind. */
    protected String crashedMigratorsLock() {
        HapiMigratorHarness hapi = hapi(HFJ_TABLE).createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        return hapi.leaveCrashedLock();
    }

    // (a)
    @Test
    void aCrashedMigratorsLockIsStaleWithMinAgeZero() {
        String uuid = crashedMigratorsLock();
        settle();

        long started = System.nanoTime();
        DatabaseReport report = doctor().status(window(Duration.ZERO));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        TableReport hfj = hfj(report);
        assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.STALE);
        assertThat(report.verdict()).isEqualTo(Verdict.STALE);
        assertThat(hfj.lock().uuid()).contains(uuid);
        assertThat(hfj.reason()).contains("every session was visible", "the migrator that took it is gone");
        assertThat(hfj.sessions()).isEmpty();
        assertThat(hfj.settleBy()).isEmpty();
        assertThat(evidence(hfj, EvidenceKind.SESSIONS_OBSERVABLE)).singleElement().satisfies(e -> {
            assertThat(e.observed()).isEqualTo("yes");
            assertThat(e.detail()).contains("a probe session (id ");
        });
        assertThat(evidence(hfj, EvidenceKind.OBSERVE_WINDOW)).singleElement()
                .satisfies(e -> assertThat(e.observed()).matches("1s, [4-9] samples"));
        assertThat(evidence(hfj, EvidenceKind.LOCK_ROW)).singleElement()
                .satisfies(e -> assertThat(e.observed()).contains("description = " + uuid));
        assertThat(evidence(hfj, EvidenceKind.LOCK_AGE)).hasSize(1);
        assertThat(evidence(hfj, EvidenceKind.ACTIVE_SESSION)).isEmpty();
        assertThat(evidence(hfj, EvidenceKind.BLOCKING_SESSION)).isEmpty();
        assertThat(took).as("the window ran to its end").isGreaterThanOrEqualTo(WINDOW);
    }

    // (b)
    @Test
    void aLockDatedTodayIsUncertainWithTheDefaultMinAge() {
        crashedMigratorsLock();
        settle();

        TableReport hfj = hfj(doctor().status(window(InspectionOptions.defaults().observe().minAge())));

        assertThat(hfj.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(hfj.reason()).startsWith("The lock is only known to be at least 0s old, less than minAge 10m");
        assertThat(hfj.lockAgeAtLeast()).isZero();
        assertThat(hfj.settleBy()).contains(new Advice.GiveLog(), new Advice.GiveWriterZone(), new Advice.DropMinimumAge())
                .hasAtLeastOneElementOfType(Advice.WaitUntil.class);
    }

    // (b), the other side: the age bound comes from the database's clock and the stored day.
    @Test
    void aLockDatedThreeDaysAgoIsStaleWithTheDefaultMinAge() {
        String uuid = crashedMigratorsLock();
        execute(lockDatedDaysAgo(3));
        settle();

        TableReport hfj = hfj(doctor().status(window(InspectionOptions.defaults().observe().minAge())));

        assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.STALE);
        assertThat(hfj.lock().uuid()).contains(uuid);
        // Dated d = today - 3 in an unknown zone: taken no later than d + 1 day 12:00 UTC, so at least ~36 h ago.
        assertThat(hfj.lockAgeAtLeast()).isGreaterThan(Duration.ofHours(36)).isLessThanOrEqualTo(Duration.ofHours(60));
        assertThat(hfj.lockAge().takenNoLaterThan()).isEqualTo(hfj.lock().installedOn().day().plusDays(1)
                .atTime(12, 0).toInstant(ZoneOffset.UTC));
    }

    // (c)
    @Test
    void aMigrationRunningALongDdlTaskIsActive() throws Exception {
        HapiMigratorHarness hapi = hapi(HFJ_TABLE).createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        settle();
        HapiMigratorHarness live = fixture().hapiMigrator(newScenePool(2), HFJ_TABLE);
        CompletableFuture<MigrationResult> running = live.migrateInBackground(
                live.sleepingTask("20250101.2", "LD_SLOW", Duration.ofSeconds(4)));
        String uuid = live.awaitLock(Duration.ofSeconds(10));

        DatabaseReport report = doctor().status(window(Duration.ZERO));

        TableReport hfj = hfj(report);
        assertThat(report.verdict()).isEqualTo(Verdict.ACTIVE);
        assertThat(hfj.verdict()).isEqualTo(Verdict.ACTIVE);
        assertThat(hfj.lock().uuid()).contains(uuid);
        assertThat(hfj.reason()).startsWith("A migration is running: session ").contains("running DDL: CREATE TABLE LD_SLOW");
        assertThat(hfj.sessions()).filteredOn(f -> f.effect() == SessionFinding.Effect.ACTIVE).singleElement()
                .satisfies(f -> {
                    assertThat(f.why()).startsWith("running DDL: CREATE TABLE LD_SLOW AS SELECT");
                    assertThat(f.session().statement()).contains("LD_SLOW");
                    if (showsSessionStart()) {
                        assertThat(f.session().sessionStart()).isNotNull();
                    } else {
                        assertThat(f.session().sessionStart()).isNull();
                        assertThat(f.session().statementStart()).isNotNull();
                    }
                    assertIdentifies(f);
                });
        assertThat(evidence(hfj, EvidenceKind.ACTIVE_SESSION)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("; to end it: "));
        assertThat(hfj.settleBy()).isEmpty();
        assertThat(running.get(30, TimeUnit.SECONDS).succeededTasks).hasSize(1);
        assertThat(live.lockDescription()).isEmpty();
    }

    // (d)
    @Test
    void chunkedWritesToAHapiTableBlockStale() throws Exception {
        crashedMigratorsLock();
        execute("CREATE TABLE HFJ_RESOURCE (RES_ID BIGINT NOT NULL, RES_TYPE VARCHAR(40))");
        settle();
        ChunkedWriter writer = new ChunkedWriter(fixture().newDataSource(1));
        writer.start();
        try {
            writer.awaitChunks(5);

            TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

            assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.UNCERTAIN);
            assertThat(hfj.reason().toLowerCase(Locale.ROOT)).containsAnyOf("other sessions used tables of this database",
                    "the write counters of this database's tables rose by");
            assertThat(hfj.settleBy()).hasAtLeastOneElementOfType(Advice.StopServers.class);
            assertThat(hfj.reason()).doesNotContain("not observable");
        } finally {
            writer.stop();
        }
        assertThat(writer.chunks()).as("many small transactions").isGreaterThan(20);
    }

    // (e)
    @Test
    void anAccountThatCannotSeeOtherSessionsIsNeverStale() {
        crashedMigratorsLock();
        DataSource restricted = accountThatCannotSeeSessions();
        settle();

        TableReport hfj = hfj(LockDoctor.builder(restricted).build().status(window(Duration.ZERO)));

        assertThat(hfj.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(hfj.reason()).startsWith("Other sessions are not observable (");
        assertThat(evidence(hfj, EvidenceKind.SESSIONS_OBSERVABLE)).singleElement()
                .satisfies(e -> assertThat(e.observed()).isEqualTo("no"));
        assertThat(hfj.settleBy()).isNotEmpty();
    }

    // (f)
    @Test
    void observeZeroIsNeverStale() {
        crashedMigratorsLock();
        settle();

        long started = System.nanoTime();
        TableReport hfj = hfj(doctor().status(options().withObserve(Duration.ZERO).withMinAge(Duration.ZERO)));

        assertThat(hfj.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(hfj.reason()).startsWith("No observe window was run (observe 0s)");
        assertThat(hfj.settleBy()).contains(new Advice.ObserveLonger(Duration.ofSeconds(10)));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WINDOW);
    }

    // (g)
    @Test
    void aLockTakenAndReleasedInsideTheWindowIsNotActiveOnceGone() throws Exception {
        String cdrLock = hapi(CDR_TABLE).createTable().leaveCrashedLock();
        hapi(HFJ_TABLE).createTable();
        execute("CREATE TABLE LD_TARGET (ID INT)");
        settle();
        HapiMigratorHarness starting = fixture().hapiMigrator(newScenePool(2), HFJ_TABLE);
        CompletableFuture<MigrationResult> migration = new CompletableFuture<>();
        AtomicBoolean started = new AtomicBoolean();
        WindowProgress startDuringWindow = (elapsed, total) -> {
            if (started.compareAndSet(false, true)) {
                starting.migrateInBackground(sqlTask("20250101.1", "INSERT INTO LD_TARGET VALUES (1)"))
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                migration.completeExceptionally(e);
                            } else {
                                migration.complete(r);
                            }
                        });
            }
        };

        DatabaseReport report = doctor().status(window(Duration.ZERO), startDuringWindow);

        assertThat(migration).as("the migration took and released its lock inside the window").isDone();
        assertThat(migration.get().succeededTasks).hasSize(1);
        TableReport hfj = hfj(report);
        TableReport cdr = table(report, KnownTable.FLY_CDR_MIGRATION);
        assertThat(hfj.verdict()).isEqualTo(Verdict.NO_LOCK);
        assertThat(hfj.lock()).isNull();
        assertThat(cdr.lock().uuid()).contains(cdrLock);
        assertThat(cdr.verdict()).as(cdr.reason()).isNotEqualTo(Verdict.ACTIVE);
        assertThat(report.verdict()).isNotEqualTo(Verdict.ACTIVE);
        assertThat(starting.lockDescription()).isEmpty();
    }

    // (h)
    @Test
    void reportsAFailedRowAsFailedMigrations() {
        HapiMigratorHarness hapi = hapi(HFJ_TABLE).createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        hapi.recordFailedTask("20250101.2");
        settle();

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(hfj.verdict()).isEqualTo(Verdict.NO_LOCK);
        assertThat(evidence(hfj, EvidenceKind.FAILED_MIGRATIONS)).singleElement().satisfies(e -> {
            assertThat(e.observed()).isEqualTo("1 failed, not retried");
            assertThat(e.detail()).contains("rank 2, version 8.6.1.20250101.2");
        });
        assertThat(evidence(hfj, EvidenceKind.LOCK_INDEX)).isEmpty();
    }

    // (h)
    @Test
    void reportsAHistoryTableWithoutItsUniqueIndex() {
        HapiMigratorHarness hapi = hapi(HFJ_TABLE).createTable();
        execute(dropRankIndex());
        hapi.leaveCrashedLock();
        hapi.leaveCrashedLock();
        settle();

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(evidence(hfj, EvidenceKind.LOCK_INDEX)).extracting(Evidence::observed)
                .containsExactlyInAnyOrder("2 lock rows", "no unique index on installed_rank");
        assertThat(evidence(hfj, EvidenceKind.FAILED_MIGRATIONS)).isEmpty();
        assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.STALE);
    }

    /**
     * A lock row HAPI did not write (Flyway's own {@code flyway-lock} row, or one edited by hand) is
     * judged on the same evidence, and reported as of unknown origin: never to be exported.
     */
    @Test
    void aLockRowThatIsNotHapisIsJudgedOnTheSameEvidence() {
        hapi(HFJ_TABLE).createTable().leaveCrashedLock("flyway-lock");
        settle();

        TableReport hfj = hfj(doctor().status(window(Duration.ZERO)));

        assertThat(hfj.lock().description()).isEqualTo("flyway-lock");
        assertThat(hfj.lock().uuid()).isEmpty();
        assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.STALE);
        assertThat(hfj.reason()).contains("'flyway-lock' was not written by HAPI");
        assertThat(evidence(hfj, EvidenceKind.LOCK_ROW)).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("unknown origin").contains("never exported"));
    }

    /**
     * A bug this suite found: the probe session lockdoctor opens to prove sessions visible went
     * back to the caller's pool but stayed excluded from the samples by its id, so whoever
     * borrowed that connection next (in an embedding application, the migration itself) was
     * invisible for the rest of the window. The probe is now held through the window and stops
     * being lockdoctor's own when it goes back to a pool lockdoctor shares: here the application
     * borrows the probe's connection after a first inspection and must be seen by the second.
     */
    @Test
    void aSessionOnTheProbesPooledConnectionIsSeen() throws Exception {
        crashedMigratorsLock();
        settle();
        // Two connections open after the first inspection: lockdoctor's session's and its probe's; the
        // application gets one of them, and the second inspection opens a third.
        DataSource shared = fixture().newDataSource(3);
        LockDoctor embedded = LockDoctor.builder(shared).build();
        embedded.status(window(Duration.ZERO));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try (Connection connection = shared.getConnection()) {
                connection.setAutoCommit(false);
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("UPDATE " + quoted("FLY_HFJ_MIGRATION") + " SET "
                            + quoted("execution_time") + " = " + quoted("execution_time") + " WHERE "
                            + quoted("installed_rank") + " = 1");
                }
                holding.countDown();
                release.await(30, TimeUnit.SECONDS);
                connection.rollback();
            } catch (SQLException | InterruptedException | RuntimeException e) {
                failure.set(e);
                holding.countDown();
            }
        }, "application-on-the-probes-connection");
        thread.setDaemon(true);
        thread.start();
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        DatabaseReport report;
        try {
            report = embedded.status(window(Duration.ZERO));
        } finally {
            release.countDown();
        }

        assertThat(failure.get()).isNull();
        TableReport hfj = hfj(report);
        assertThat(hfj.verdict()).as(hfj.reason()).isEqualTo(Verdict.ACTIVE);
        assertThat(hfj.reason()).contains("locking the history table");
    }

    /** Many small autocommit transactions inserting into {@code HFJ_RESOURCE}: a chunked data migration. */
    protected static final class ChunkedWriter {
        private final DataSource dataSource;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger chunks = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private Thread thread;

        ChunkedWriter(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        void start() {
            thread = new Thread(() -> {
                try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                    long id = 0;
                    while (!stop.get()) {
                        StringBuilder values = new StringBuilder();
                        for (int i = 0; i < 50; i++) {
                            values.append(i == 0 ? "" : ", ").append("(").append(++id).append(", 'Patient')");
                        }
                        statement.executeUpdate("INSERT INTO HFJ_RESOURCE (RES_ID, RES_TYPE) VALUES " + values);
                        chunks.incrementAndGet();
                        Thread.sleep(20);
                    }
                } catch (SQLException | InterruptedException | RuntimeException e) {
                    failure.set(e);
                }
            }, "chunked-writer");
            thread.setDaemon(true);
            thread.start();
        }

        void awaitChunks(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (chunks.get() < count && failure.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(failure.get()).isNull();
            assertThat(chunks.get()).isGreaterThanOrEqualTo(count);
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
            assertThat(failure.get()).isNull();
        }

        int chunks() {
            return chunks.get();
        }
    }
}
