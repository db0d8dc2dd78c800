package io.lockdoctor.cli;

import static io.lockdoctor.cli.ClearDatabase.auditLines;
import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import io.lockdoctor.core.ClearAudit;
import io.lockdoctor.core.ClearOutcome;
import io.lockdoctor.core.ClearRequest;
import io.lockdoctor.core.ClearResult;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.LogFacts;
import io.lockdoctor.core.ObserveOptions;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clear's and the export's safety rules, each in a scene where it alone stands between the
 * operator and a deleted live lock: a DDL session that starts after the verdict, writes that start
 * while the prompt waits, a row lock that is never released, a delete that would hit two rows, and
 * a live HAPI migration behind {@code export --force}. Each subclass binds it to one database.
 */
abstract class ClearSafetyRuleContract {
    static final String ROW_LOCK = ClearTransactionContract.ROW_LOCK;

    @TempDir
    Path work;

    protected ClearDatabase db;

    protected abstract ClearDatabase database(Path workingDirectory);

    /** A DDL statement that runs for about {@code seconds} and creates {@code table}. */
    protected abstract String sleepingDdl(String table, int seconds);

    /** Waits until a session of the test's database runs a statement that contains {@code fragment}. */
    protected abstract void awaitRunning(String fragment);

    /** Drops the unique index HAPI puts on {@code installed_rank}. */
    protected abstract String dropUniqueIndex();

    @BeforeEach
    void bind() {
        db = database(work);
    }

    private String crashedMigratorsLock() {
        HapiMigratorHarness hapi = db.hapi().createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        return hapi.leaveCrashedLock();
    }

    private Clearer clearer(DataSource dataSource, Path audit) {
        LockDoctor doctor = LockDoctor.builder(dataSource).description(db.fixture().url()).build();
        ClearAudit trail = new ClearAudit(audit, "tester", "test-host", db.fixture().url());
        return (request, confirmation) -> doctor.clear(request, trail, Clock.systemUTC(), confirmation);
    }

    private ClearRequest request(String uuid) {
        return new ClearRequest(KnownTable.FLY_HFJ_MIGRATION, uuid, false, false, new InspectionOptions(
                Optional.of(db.schema()), Set.of(KnownTable.FLY_HFJ_MIGRATION), Optional.empty(),
                new ObserveOptions(Duration.ofSeconds(1), Duration.ZERO, ObserveOptions.DEFAULT_LONG_STATEMENT),
                LogFacts.NONE));
    }

    private static List<String> events(Path audit) throws Exception {
        return auditLines(audit).stream().map(l -> l.get("event").asText() + " " + l.get("result").asText()).toList();
    }

    /**
     * The verdict was STALE; then, with the row already under lockdoctor's row lock, a migrator's DDL
     * starts. Only the snapshot of sessions taken inside the clearing transaction can see it.
     */
    @Test
    void aDdlSessionStartedBetweenTheRowLockAndTheDeleteIsRefusedAtTheLastMoment() throws Exception {
        String uuid = crashedMigratorsLock();
        db.settle();
        DataSource migrator = db.testPool(1);
        AtomicReference<CompletableFuture<Void>> ddl = new AtomicReference<>();
        DataSource hooked = new HookedDataSource(db.fixture().newDataSource(3))
                .after(ROW_LOCK, c -> {
                    ddl.set(CompletableFuture.runAsync(() -> ClearDatabase.execute(migrator,
                            sleepingDdl("LD_LATE", 3))));
                    awaitRunning("LD_LATE");
                })
                .dataSource();
        Path audit = work.resolve("audit.log");

        ClearOutcome outcome = db.clear(clearer(hooked, audit), request(uuid));

        assertThat(ddl.get()).as("the DDL started inside the clearing transaction").isNotNull();
        assertThat(outcome.result()).as(outcome.message()).isEqualTo(ClearResult.REFUSED_ACTIVE);
        assertThat(ClearCommand.exitCode(outcome)).isEqualTo(ExitCodes.ACTIVE);
        assertThat(outcome.message()).startsWith("Refused at the last moment: ").contains("Nothing was deleted");
        assertThat(db.lockRows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(uuid));
        assertThat(events(audit)).as("the refusal is recorded, no intent").containsExactly("OUTCOME REFUSED_ACTIVE");
        ddl.get().get(30, TimeUnit.SECONDS);
        ClearDatabase.close(migrator);
    }

    /**
     * The verdict was STALE when the prompt appeared; while the operator read it, a server started
     * writing. Its writes are short and its session idle between them: only the fresh inspection
     * after the answer sees them.
     */
    @Test
    void writesThatStartWhileThePromptWaitsAreRefused() throws Exception {
        String uuid = crashedMigratorsLock();
        db.execute("CREATE TABLE LD_TRAFFIC (ID INT)");
        db.settle();
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch firstWrite = new CountDownLatch(1);
        DataSource server = db.testPool(1);
        AtomicReference<CompletableFuture<Void>> writer = new AtomicReference<>();
        ClearProofContract.AnswerAfter operator = new ClearProofContract.AnswerAfter("yes\n", () -> {
            writer.set(CompletableFuture.runAsync(() -> {
                try (Connection c = server.getConnection(); Statement s = c.createStatement()) {
                    for (int i = 0; writing.get(); i++) {
                        s.executeUpdate("INSERT INTO LD_TRAFFIC VALUES (" + i + ")");
                        firstWrite.countDown();
                        ClearProofContract.sleep(100);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }));
            ClearProofContract.await(firstWrite);
        });
        Path audit = work.resolve("audit.log");

        CliRun clear;
        try {
            clear = db.lockdoctorOnTerminal(operator, db.clearArgs(uuid, "--audit-file", audit.toString()));
        } finally {
            writing.set(false);
        }

        assertThat(writer.get()).as("the prompt was answered: " + clear.all()).isNotNull();
        assertThat(clear.err()).contains("Verdict: STALE").contains("Type yes to delete");
        assertThat(clear.exitCode()).as(clear.all()).isIn(ExitCodes.UNCERTAIN, ExitCodes.ACTIVE);
        assertThat(clear.out()).contains("Refused").doesNotContain("DELETED");
        assertThat(db.lockRows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(uuid));
        assertThat(auditLines(audit)).as("nothing was ever about to be deleted").isEmpty();
        writer.get().get(30, TimeUnit.SECONDS);
        ClearDatabase.close(server);
    }

    /**
     * A session holds the lock row and never lets go (here: for longer than the clear may wait).
     * The clear gives up within its bounded wait, deletes nothing, and says so in the audit.
     */
    @Test
    void aRowLockThatIsNeverReleasedEndsTheClearWithinItsWait() throws Exception {
        String uuid = crashedMigratorsLock();
        db.settle();
        DataSource holderPool = db.testPool(1);
        AtomicReference<Connection> holder = new AtomicReference<>();
        DataSource hooked = new HookedDataSource(db.fixture().newDataSource(3))
                .before(ROW_LOCK, c -> holder.set(holdLockRow(holderPool)))
                .dataSource();
        Path audit = work.resolve("audit.log");
        // The holder lets go long after the clear's wait, so that a clear waiting without bound still ends.
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            ClearProofContract.sleep(12_000);
            closeQuietly(holder.get());
        });

        long start = System.nanoTime();
        ClearOutcome outcome = db.clear(clearer(hooked, audit), request(uuid));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(holder.get()).as("the row was held before the clear's row lock").isNotNull();
        assertThat(outcome.result()).as(outcome.message()).isEqualTo(ClearResult.FAILED);
        assertThat(ClearCommand.exitCode(outcome)).isEqualTo(ExitCodes.ERROR);
        assertThat(took).as("the observe window, the wait for the row (at most 1.5 s) and the rest")
                .isLessThan(Duration.ofSeconds(9));
        release.get(30, TimeUnit.SECONDS);
        assertThat(db.lockRows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(uuid));
        assertThat(events(audit)).doesNotContain("INTENT null").last().isEqualTo("OUTCOME FAILED");
        ClearDatabase.close(holderPool);
    }

    /** The clear deletes inside one transaction: one begin, one commit, nothing autocommitted. */
    @Test
    void aClearIsOneShortTransaction() throws Exception {
        String uuid = crashedMigratorsLock();
        db.settle();
        MariaDbClearTransactionTest.Transactions timed = new MariaDbClearTransactionTest.Transactions();
        DataSource hooked = timed.on(new HookedDataSource(db.fixture().newDataSource(3))).dataSource();
        Path audit = work.resolve("audit.log");

        ClearOutcome outcome = db.clear(clearer(hooked, audit), request(uuid));

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(ClearResult.DELETED);
        assertThat(db.lockRows()).isEmpty();
        timed.assertOneShortTransaction("commit");
    }

    /** Without the unique index two lock rows can carry one UUID: the DELETE would hit both, so it hits none. */
    @Test
    void aDeleteThatWouldHitTwoRowsDeletesNothing() throws Exception {
        String uuid = crashedMigratorsLock();
        db.execute(dropUniqueIndex(), "INSERT INTO \"" + HFJ_TABLE + "\" SELECT * FROM \"" + HFJ_TABLE
                + "\" WHERE \"installed_rank\" = -100");
        db.settle();
        assertThat(db.lockRows()).hasSize(2);

        // Forced past the doubt two lock rows raise: the row read under the lock finds both, or the
        // delete matches two and rolls back; either way nothing is deleted.
        CliRun run = db.clear(uuid, "--yes", "--force");

        assertThat(run.exitCode()).as(run.all()).isIn(ExitCodes.ERROR, ExitCodes.UNCERTAIN);
        assertThat(run.out()).doesNotContain("DELETED: ");
        assertThat(db.lockRows()).hasSize(2).allSatisfy(r -> assertThat(r.get("description")).isEqualTo(uuid));
        assertThat(events(work.resolve("lockdoctor-audit.log"))).doesNotContain("OUTCOME DELETED");
    }

    /** {@code --force} overrides doubt, never a running migration: nothing reaches stdout. */
    @Test
    void exportForceOnALiveHapiMigrationIsRefused() throws Exception {
        HapiMigratorHarness hapi = db.hapi().createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        db.settle();
        HapiMigratorHarness live = db.hapiOnItsOwnPool();
        CompletableFuture<MigrationResult> running = live.migrateInBackground(
                live.sleepingTask("20250101.2", "LD_SLOW", Duration.ofSeconds(6)));
        String uuid = live.awaitLock(Duration.ofSeconds(10));

        CliRun export = db.lockdoctor("export", "--schema", db.schema(), "--observe", ClearDatabase.OBSERVE,
                "--min-age", "0s", "--force");

        assertThat(running).as("still migrating while lockdoctor looked").isNotDone();
        assertThat(export.exitCode()).as(export.all()).isEqualTo(ExitCodes.ACTIVE);
        assertThat(export.out()).as("nothing for eval to run").isEmpty();
        assertThat(export.err()).contains(uuid).contains("ACTIVE").doesNotContain("CLEAR_LOCK_TABLE_WITH_DESCRIPTION");
        assertThat(running.get(60, TimeUnit.SECONDS).succeededTasks).hasSize(1);
    }

    /** Opens a transaction that locks the lock row, and keeps it open. */
    private static Connection holdLockRow(DataSource pool) {
        try {
            Connection c = pool.getConnection();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT * FROM \"" + HFJ_TABLE + "\" WHERE \"installed_rank\" = -100 FOR UPDATE").close();
            }
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
            c.close();
        } catch (SQLException e) {
            // The holder's session may already be gone; the lock went with it.
        }
    }
}
