package io.lockdoctor.cli;

import static io.lockdoctor.cli.ClearDatabase.auditLines;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.MigrationResult;
import com.fasterxml.jackson.databind.JsonNode;
import io.lockdoctor.core.ClearAudit;
import io.lockdoctor.core.ClearOutcome;
import io.lockdoctor.core.ClearRequest;
import io.lockdoctor.core.ClearResult;
import io.lockdoctor.core.ClientExclusion;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.LogFacts;
import io.lockdoctor.core.ObserveOptions;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clearing transaction under races placed exactly where they hurt (issue 5, item 3 (d) and
 * (f)): lockdoctor as a library on a data source whose statements a test can interrupt, see
 * {@link HookedDataSource}. Nothing in production code knows about it.
 */
abstract class ClearTransactionContract {
    /** The row re-read under a row lock: every dialect's selectForUpdate ends its SQL this way or with a wait. */
    static final String ROW_LOCK = "FOR UPDATE";
    static final String DELETE = "DELETE FROM";

    @TempDir
    Path work;

    protected ClearDatabase db;

    protected abstract ClearDatabase database(Path workingDirectory);

    /** Waits until some session of the test's database waits for a row lock. */
    protected abstract void awaitASessionWaitingForALock();

    @BeforeEach
    void bind() {
        db = database(work);
    }

    protected String crashedMigratorsLock() {
        HapiMigratorHarness hapi = db.hapi().createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        String uuid = hapi.leaveCrashedLock();
        db.settle();
        return uuid;
    }

    protected Clearer clearer(DataSource dataSource, Path audit) {
        return clearer(dataSource, () -> { }, audit);
    }

    /**
     * A clearer as one CLI run makes it: lockdoctor's own pool, whose idle connections are closed
     * after each session ({@code evictIdle}), so that a concurrent run never takes them for a client.
     */
    protected Clearer clearer(DataSource dataSource, Runnable evictIdle, Path audit) {
        LockDoctor doctor = LockDoctor.builder(dataSource).description(db.fixture().url()).privatePool(true)
                .afterSession(evictIdle).build();
        ClearAudit trail = new ClearAudit(audit, "tester", "test-host", db.fixture().url());
        return (request, confirmation) -> doctor.clear(request, trail, Clock.systemUTC(), confirmation);
    }

    protected ClearRequest request(String uuid) {
        return new ClearRequest(KnownTable.FLY_HFJ_MIGRATION, uuid, false, false, new InspectionOptions(
                Optional.of(db.schema()), Set.of(KnownTable.FLY_HFJ_MIGRATION), Optional.empty(),
                new ObserveOptions(Duration.ofSeconds(1), Duration.ZERO, ObserveOptions.DEFAULT_LONG_STATEMENT),
                LogFacts.NONE));
    }

    /**
     * Where the database shows no session tag (MariaDB without the performance schema, H2), B's
     * session, held by the test between its BEGIN and its read of the row, is a connected client to
     * A like any other: the operator of A names it as no migrator, as a runbook would.
     */
    protected boolean racingClearsSeeEachOther() {
        return false;
    }

    /** The test's database user as the database lists it in its sessions. */
    protected String userAsShown() {
        return db.fixture().user();
    }

    protected ClearRequest requestExcluding(String uuid, ClientExclusion exclusion) {
        ClearRequest plain = request(uuid);
        return new ClearRequest(plain.table(), plain.uuid(), plain.force(), plain.dryRun(),
                plain.evidence().withExcludedClients(java.util.List.of(exclusion)));
    }

    // (d), deterministic: B waits on the row lock A holds while A takes its final snapshot and deletes.
    @Test
    void aClearWaitingOnTheRowLockReReadsAndFindsNothing() throws Exception {
        String uuid = crashedMigratorsLock();
        CountDownLatch bAtItsRowLock = new CountDownLatch(1);
        CountDownLatch aHoldsTheRow = new CountDownLatch(1);
        com.zaxxer.hikari.HikariDataSource poolA = (com.zaxxer.hikari.HikariDataSource) db.fixture().newDataSource(3);
        com.zaxxer.hikari.HikariDataSource poolB = (com.zaxxer.hikari.HikariDataSource) db.fixture().newDataSource(3);
        DataSource forA = new HookedDataSource(poolA)
                .after(ROW_LOCK, c -> {
                    aHoldsTheRow.countDown();
                    awaitASessionWaitingForALock();
                })
                .dataSource();
        DataSource forB = new HookedDataSource(poolB)
                .before(ROW_LOCK, c -> {
                    bAtItsRowLock.countDown();
                    ClearProofContract.await(aHoldsTheRow);
                })
                .dataSource();
        Path auditA = work.resolve("a.log");
        Path auditB = work.resolve("b.log");

        CompletableFuture<ClearOutcome> b = CompletableFuture.supplyAsync(
                () -> db.clear(clearer(forB, () -> poolB.getHikariPoolMXBean().softEvictConnections(), auditB),
                        request(uuid)));
        // A looks once B has finished looking: on H2, whose sessions carry no tag, each would take the
        // other's reads of the history table for a migration.
        ClearProofContract.await(bAtItsRowLock);
        ClearOutcome a = db.clear(clearer(forA, () -> poolA.getHikariPoolMXBean().softEvictConnections(), auditA),
                racingClearsSeeEachOther() ? requestExcluding(uuid, new ClientExclusion(userAsShown(), null, null))
                        : request(uuid));

        assertThat(a.result()).as(a.message()).isEqualTo(ClearResult.DELETED);
        ClearOutcome loser = b.get(30, TimeUnit.SECONDS);
        assertThat(loser.result()).as(loser.message()).isEqualTo(ClearResult.NOT_FOUND);
        assertThat(loser.message()).contains("was removed by someone else in the meantime and no other lock is there");
        assertThat(CliExit.of(loser)).isEqualTo(ExitCodes.NOTHING_FOUND);
        assertThat(auditLines(auditA)).extracting(l -> l.get("event").asText() + " " + l.get("result").asText())
                .containsExactly("INTENT null", "OUTCOME DELETED");
        assertThat(auditLines(auditB)).as("the loser never meant to delete").isEmpty();
        assertThat(db.lockRows()).isEmpty();
        assertThat(db.rows()).hasSize(2);
    }

    // (f), the fast path: the lock is replaced between the verdict and the transaction's re-read.
    @Test
    void aNewMigratorsLockTakenAfterTheCheckIsNeverDeleted() throws Exception {
        String stale = crashedMigratorsLock();
        HapiMigratorHarness newServer = db.hapiOnItsOwnPool();
        AtomicReference<CompletableFuture<MigrationResult>> migration = new AtomicReference<>();
        AtomicReference<String> newLock = new AtomicReference<>();
        DataSource hooked = new HookedDataSource(db.fixture().newDataSource(3))
                // A server started with the documented fix replaces the stale lock with its own, and migrates.
                .before(ROW_LOCK, c -> {
                    migration.set(CompletableFuture.supplyAsync(() -> newServer.migrateClearingLock(stale,
                            newServer.sleepingTask("20250101.2", "LD_SLOW", Duration.ofSeconds(5)))));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (newServer.lockDescription().filter(d -> !d.equals(stale)).isEmpty()) {
                        assertThat(System.nanoTime()).as("the new server took its lock").isLessThan(deadline);
                        ClearProofContract.sleep(20);
                    }
                    newLock.set(newServer.lockDescription().orElseThrow());
                })
                .dataSource();
        Path audit = work.resolve("audit.log");

        ClearOutcome outcome = db.clear(clearer(hooked, audit), request(stale));

        assertThat(newLock.get()).isNotNull();
        assertThat(outcome.result()).as(outcome.message()).isEqualTo(ClearResult.OTHER_LOCK);
        assertThat(outcome.verdict()).isEqualTo(Verdict.ACTIVE);
        assertThat(CliExit.of(outcome)).isEqualTo(ExitCodes.ACTIVE);
        assertThat(outcome.message()).contains(newLock.get()).contains("Nothing was deleted");
        assertThat(db.lockRows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(newLock.get()));
        List<JsonNode> lines = auditLines(audit);
        assertThat(lines).as("nothing was ever about to be deleted").isEmpty();
        assertThat(migration.get().get(60, TimeUnit.SECONDS).succeededTasks).hasSize(1);
        assertThat(newServer.lockDescription()).isEmpty();
    }

    /** The exit code the CLI gives an outcome. */
    static final class CliExit {
        private CliExit() {
        }

        static int of(ClearOutcome outcome) {
            return ClearCommand.exitCode(outcome);
        }
    }
}
