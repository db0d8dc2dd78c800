package io.lockdoctor.cli;

import static io.lockdoctor.cli.ClearDatabase.auditLines;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.HapiMigrationLock;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.entity.HapiMigrationEntity;
import io.lockdoctor.core.ClearOutcome;
import io.lockdoctor.core.ClearResult;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MariaDbFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clearing transaction under races on the real MariaDB server, its connection killed mid-way,
 * and (h) a newer migrator's lock never left stuck behind it.
 */
class MariaDbClearTransactionTest extends ClearTransactionContract {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return MariaDbSessions.clearDatabase(mariadb, workingDirectory);
    }

    @Override
    protected void awaitASessionWaitingForALock() {
        MariaDbSessions.awaitASessionWaitingForALock(mariadb);
    }

    // (e): MariaDB has no pg_terminate_backend; the test ends lockdoctor's session with KILL CONNECTION
    // from an admin session after the row was re-read under its lock and the intent recorded, right
    // before the DELETE is sent.
    @Test
    void aConnectionKilledBeforeTheDeleteDeletesNothingAndARetryWorks() throws Exception {
        String uuid = crashedMigratorsLock();
        AtomicLong killed = new AtomicLong(-1);
        DataSource hooked = new HookedDataSource(mariadb.newDataSource(3))
                .before(DELETE, connection -> {
                    killed.set(MariaDbSessions.connectionId(connection));
                    ClearDatabase.execute(mariadb.adminDataSource(), "KILL CONNECTION " + killed.get());
                    MariaDbSessions.awaitCount(mariadb, "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = "
                            + killed.get(), "0", "session " + killed.get() + " ended");
                })
                .dataSource();
        Path audit = work.resolve("audit.log");
        Clearer clearer = clearer(hooked, audit);

        ClearOutcome lost = db.clear(clearer, request(uuid));

        assertThat(killed.get()).isPositive();
        assertThat(lost.result()).as(lost.message()).isEqualTo(ClearResult.FAILED);
        assertThat(CliExit.of(lost)).isEqualTo(ExitCodes.ERROR);
        assertThat(lost.message()).startsWith("The clear failed before its commit: could not ")
                .contains("The lock row is still there: nothing was deleted; run the same command again.");
        assertThat(lost.restoreStatement()).startsWith("INSERT INTO ");
        assertThat(db.lockRows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(uuid));
        assertThat(auditLines(audit)).extracting(l -> l.get("event").asText() + " " + l.get("result").asText())
                .containsExactly("INTENT null", "OUTCOME FAILED");
        assertThat(auditLines(audit).get(1).get("message").asText()).contains("nothing was deleted");

        ClearOutcome retry = db.clear(clearer, request(uuid));

        assertThat(retry.result()).as(retry.message()).isEqualTo(ClearResult.DELETED);
        assertThat(db.lockRows()).isEmpty();
        assertThat(auditLines(audit)).extracting(l -> l.get("event").asText() + " " + l.get("result").asText())
                .containsExactly("INTENT null", "OUTCOME FAILED", "INTENT null", "OUTCOME DELETED");
    }

    /** docs/clear.md: the clearing transaction stays well under 2 s. */
    static final Duration SHORT = Duration.ofSeconds(2);
    /** lockdoctor's own share of its transaction, the test's hooks left out. */
    static final Duration OWN_SHARE = Duration.ofSeconds(1);

    // (h): a new migrator starting while the clear holds the stale row under its lock (after the final
    // snapshot, right before the DELETE) waits on that lock with its insert, and gets its lock as soon as
    // the clear commits: the clear leaves nothing stuck, and its transaction stays short.
    @Test
    void aNewMigratorWaitingOnTheClearsRowLockGetsItsLockWhenTheClearCommits() throws Exception {
        String stale = crashedMigratorsLock();
        HapiMigratorHarness newServer = db.hapiOnItsOwnPool();
        AtomicReference<CompletableFuture<MigrationResult>> migration = new AtomicReference<>();
        Transactions timed = new Transactions();
        int retries = HapiMigrationLock.ourMaxRetryAttempts;
        DataSource hooked = timed.on(new HookedDataSource(mariadb.newDataSource(3)))
                .before(DELETE, c -> timed.hook(() -> {
                    migration.set(newServer.migrateInBackground(sqlTask("20250101.2", "CREATE TABLE LD_SECOND (ID INT)")));
                    // The new migrator's INSERT of its lock row waits for the stale row the clear holds.
                    awaitASessionWaitingForALock();
                }))
                .dataSource();
        Path audit = work.resolve("audit.log");
        ClearOutcome outcome;
        MigrationResult result;
        try {
            // HAPI's low retry count: a migrator that could not insert its lock row would give up within a second.
            HapiMigrationLock.setMaxRetryAttempts(HapiMigratorHarness.BLOCKED_RETRY_ATTEMPTS);
            outcome = db.clear(clearer(hooked, audit), request(stale));
            result = migration.get().get(60, TimeUnit.SECONDS);
        } finally {
            HapiMigrationLock.setMaxRetryAttempts(retries);
        }

        assertThat(outcome.result()).as(outcome.message()).isEqualTo(ClearResult.DELETED);
        assertThat(result.succeededTasks).hasSize(1);
        assertThat(newServer.lockDescription()).as("the new migrator took and released its own lock").isEmpty();
        assertThat(newServer.rows()).extracting(HapiMigrationEntity::getVersion).contains("8.6.1.20250101.2");
        assertThat(db.lockRows()).isEmpty();
        assertThat(auditLines(audit)).extracting(l -> l.get("event").asText() + " " + l.get("result").asText())
                .containsExactly("INTENT null", "OUTCOME DELETED");
        timed.assertOneShortTransaction("commit");
    }

    // (h), as docs/clear.md warns: the stale lock was replaced by a newer migrator's lock after the check, and the
    // clear's FOR UPDATE on the unique index locks that newer row too, although its description does not match.
    // The migrator, done with its task, waits to delete its own lock; the clear finds no row of its own, rolls
    // back at once, and the migrator releases its lock: nothing stuck, nothing deleted by lockdoctor.
    @Test
    void aNewerLockCaughtByTheRowLockIsReleasedWithTheRollback() throws Exception {
        String stale = crashedMigratorsLock();
        HapiMigratorHarness newServer = db.hapiOnItsOwnPool();
        AtomicReference<CompletableFuture<MigrationResult>> migration = new AtomicReference<>();
        AtomicReference<String> newLock = new AtomicReference<>();
        Transactions timed = new Transactions();
        DataSource hooked = timed.on(new HookedDataSource(mariadb.newDataSource(3)))
                .before(ROW_LOCK, c -> timed.hook(() -> {
                    migration.set(CompletableFuture.supplyAsync(() -> newServer.migrateClearingLock(stale,
                            newServer.sleepingTask("20250101.2", "LD_SLOW", Duration.ofMillis(500)))));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (newServer.lockDescription().filter(d -> !d.equals(stale)).isEmpty()) {
                        assertThat(System.nanoTime()).as("the new server took its lock").isLessThan(deadline);
                        ClearProofContract.sleep(20);
                    }
                    newLock.set(newServer.lockDescription().orElseThrow());
                }))
                // The newer row is locked now: the migrator's DELETE of its own lock row waits for the clear.
                .after(ROW_LOCK, c -> timed.hook(this::awaitASessionWaitingForALock))
                .dataSource();
        Path audit = work.resolve("audit.log");

        ClearOutcome outcome = db.clear(clearer(hooked, audit), request(stale));
        MigrationResult result = migration.get().get(30, TimeUnit.SECONDS);

        assertThat(newLock.get()).isNotNull().isNotEqualTo(stale);
        assertThat(outcome.result()).as(outcome.message()).isIn(ClearResult.NOT_FOUND, ClearResult.OTHER_LOCK);
        assertThat(outcome.message()).containsIgnoringCase("nothing").doesNotContain("Deleted");
        assertThat(result.succeededTasks).hasSize(1);
        assertThat(newServer.lockDescription()).as("the newer migrator released its own lock").isEmpty();
        assertThat(db.lockRows()).isEmpty();
        assertThat(auditLines(audit)).as("lockdoctor never meant to delete the newer lock").isEmpty();
        timed.assertOneShortTransaction("rollback");
    }

    /** Times lockdoctor's transactions (begin to commit or rollback) and the test's hooks inside them. */
    static final class Transactions {
        private final List<long[]> spans = new CopyOnWriteArrayList<>();
        private final List<String> ends = new CopyOnWriteArrayList<>();
        private final AtomicLong began = new AtomicLong(-1);
        private final AtomicLong hooks = new AtomicLong();

        HookedDataSource on(HookedDataSource data) {
            return data
                    .onConnectionCall("setAutoCommit", (c, args) -> {
                        if (Boolean.FALSE.equals(args[0])) {
                            began.set(System.nanoTime());
                            hooks.set(0);
                        }
                    })
                    .onConnectionCall("commit", (c, args) -> end("commit"))
                    .onConnectionCall("rollback", (c, args) -> end("rollback"));
        }

        private void end(String how) {
            long start = began.getAndSet(-1);
            if (start >= 0) {
                spans.add(new long[] {System.nanoTime() - start, hooks.get()});
                ends.add(how);
            }
        }

        void hook(Runnable action) {
            long start = System.nanoTime();
            try {
                action.run();
            } finally {
                hooks.addAndGet(System.nanoTime() - start);
            }
        }

        void assertOneShortTransaction(String end) {
            assertThat(ends).as("lockdoctor's transactions").containsExactly(end);
            Duration total = Duration.ofNanos(spans.get(0)[0]);
            Duration own = total.minusNanos(spans.get(0)[1]);
            System.out.println("clearing transaction: " + total.toMillis() + " ms from begin to " + end + ", "
                    + own.toMillis() + " ms of it lockdoctor's own");
            assertThat(total).as("begin to " + end + ", the test's hooks included").isLessThan(SHORT);
            assertThat(own).as("begin to " + end + ", lockdoctor's own share").isLessThan(OWN_SHARE);
        }
    }

    @Override
    protected boolean racingClearsSeeEachOther() {
        return true;
    }
}
