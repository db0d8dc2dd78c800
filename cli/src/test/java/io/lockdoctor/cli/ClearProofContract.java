package io.lockdoctor.cli;

import static io.lockdoctor.cli.ClearDatabase.assertSameRow;
import static io.lockdoctor.cli.ClearDatabase.auditLines;
import static io.lockdoctor.cli.ClearDatabase.restoreStatement;
import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.HapiMigrationLock;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.entity.HapiMigrationEntity;
import com.fasterxml.jackson.databind.JsonNode;
import io.lockdoctor.core.export.ExportStyle;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/clear.md proven with HAPI FHIR's real migrator (issue 5, item 3): {@code lockdoctor clear} run
 * in-process exactly as an operator runs it, against a table HAPI wrote, and HAPI's migrator run
 * again afterwards. Each subclass binds it to one database.
 *
 * <p>(h), a clear leaving no newer migrator's lock stuck on MariaDB, is in
 * {@link MariaDbClearProofTest} and {@link MariaDbClearTransactionTest}.
 */
abstract class ClearProofContract {
    @TempDir
    Path work;

    protected ClearDatabase db;

    protected abstract ClearDatabase database(Path workingDirectory);

    /**
     * How the loser of two racing clears may end: 6 (it waited on the row lock or found the row gone).
     * Where lockdoctor's sessions carry no tag (H2), its observe window may also have caught the
     * winner's short transaction and refused as ACTIVE (4); either way it deleted nothing.
     */
    protected Set<Integer> racingLoserExitCodes() {
        return Set.of(ExitCodes.NOTHING_FOUND);
    }

    @BeforeEach
    void bind() {
        db = database(work);
    }

    /** A real upgrade's history, then the row a killed migrator leaves behind. */
    protected String crashedMigratorsLock() {
        HapiMigratorHarness hapi = db.hapi().createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        return hapi.leaveCrashedLock();
    }

    // (a)
    @Test
    void aCrashedMigratorsLockIsClearedAndHapiMigratesAfterwards() throws IOException {
        String uuid = crashedMigratorsLock();
        String blocked = db.hapi().migrateExpectingBlocked(sqlTask("20250101.2", "CREATE TABLE LD_SECOND (ID INT)"));
        assertThat(blocked).startsWith("HAPI-2153: Unable to obtain table lock").endsWith("DESCRIPTION = " + uuid);
        db.settle();
        Path audit = work.resolve("clear-audit.log");

        CliRun clear = db.clear(uuid, "--yes", "--audit-file", audit.toString());

        assertThat(clear.exitCode()).as(clear.all()).isZero();
        assertThat(clear.out()).contains("Verdict: STALE.")
                .contains("Statement: DELETE FROM ")
                .contains(db.quoted("installed_rank") + " = -100 AND " + db.quoted("description") + " = '" + uuid + "'")
                .contains("Restore:   INSERT INTO ")
                .contains("DELETED: Deleted the lock " + uuid + " from FLY_HFJ_MIGRATION")
                .contains("Audit: " + audit);
        assertThat(db.lockRows()).isEmpty();
        assertThat(db.rows()).extracting(r -> ((Number) r.get("installed_rank")).intValue()).containsExactly(-1, 1);

        List<JsonNode> lines = auditLines(audit);
        assertThat(lines).extracting(l -> l.get("event").asText()).containsExactly("INTENT", "OUTCOME");
        JsonNode intent = lines.get(0);
        assertThat(intent.get("table").asText()).isEqualTo(HFJ_TABLE);
        assertThat(intent.get("schema").asText()).isEqualTo(db.schema());
        assertThat(intent.get("verdict").asText()).isEqualTo("STALE");
        assertThat(intent.get("forced").asBoolean()).isFalse();
        assertThat(intent.get("result").isNull()).isTrue();
        assertThat(intent.get("row").get("description").asText()).isEqualTo(uuid);
        assertThat(intent.get("row").get("installed_rank").asText()).isEqualTo("-100");
        assertThat(intent.get("row").get("installed_by").asText()).isEqualTo(HapiMigratorHarness.installedBy());
        assertThat(intent.get("url").asText()).isEqualTo(db.fixture().url());
        assertThat(intent.get("osUser").asText()).isEqualTo(System.getProperty("user.name"));
        assertThat(intent.get("evidence")).isNotEmpty();
        JsonNode outcome = lines.get(1);
        assertThat(outcome.get("result").asText()).isEqualTo("DELETED");
        assertThat(outcome.get("message").asText()).startsWith("Deleted the lock " + uuid).contains("INSERT INTO");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit))).isEqualTo("rw-------");

        MigrationResult after = db.hapiOnItsOwnPool().migrate(sqlTask("20250101.2", "CREATE TABLE LD_SECOND (ID INT)"));

        assertThat(after.succeededTasks).hasSize(1);
        List<HapiMigrationEntity> rows = db.hapiOnItsOwnPool().rows();
        assertThat(rows).extracting(HapiMigrationEntity::getVersion).contains("8.6.1.20250101.2");
        assertThat(rows).filteredOn(r -> "8.6.1.20250101.2".equals(r.getVersion())).singleElement()
                .satisfies(r -> assertThat(r.getResult()).isEqualTo("APPLIED"));
        assertThat(rows).extracting(HapiMigrationEntity::getPid).doesNotContain(HapiMigratorHarness.LOCK_RANK);
    }

    // (b)
    @Test
    void theJavaStyleLineMakesHapiRemoveTheLockItself() {
        String uuid = crashedMigratorsLock();
        db.hapi().migrateExpectingBlocked(sqlTask("20250101.2", "CREATE TABLE LD_SECOND (ID INT)"));

        String line = ExportStyle.JAVA.render(uuid);
        assertThat(line).startsWith("-D").doesNotContain(" ");
        String name = line.substring(2, line.indexOf('='));
        String value = line.substring(line.indexOf('=') + 1);
        assertThat(name).isEqualTo(HapiMigrationLock.CLEAR_LOCK_TABLE_WITH_DESCRIPTION);
        assertThat(value).isEqualTo(uuid);

        MigrationResult result = db.hapi().migrateClearingLock(value, sqlTask("20250101.2",
                "CREATE TABLE LD_SECOND (ID INT)"));

        assertThat(result.succeededTasks).hasSize(1);
        assertThat(db.hapi().lockDescription()).isEmpty();
        assertThat(db.hapi().rows()).extracting(HapiMigrationEntity::getVersion).contains("8.6.1.20250101.2");
        assertThat(System.getProperty(HapiMigrationLock.CLEAR_LOCK_TABLE_WITH_DESCRIPTION))
                .as("set for one start only").isNull();
        db.settle();
        CliRun status = db.lockdoctor("status", "--table", HFJ_TABLE, "--schema", db.schema(), "--observe", "0s");
        assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.OK);
    }

    // (c)
    @Test
    void aRunningMigrationIsNeverClearedWithOrWithoutForce() throws Exception {
        HapiMigratorHarness hapi = db.hapi().createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        db.settle();
        HapiMigratorHarness live = db.hapiOnItsOwnPool();
        CompletableFuture<MigrationResult> running = live.migrateInBackground(
                live.sleepingTask("20250101.2", "LD_SLOW", Duration.ofSeconds(8)));
        String uuid = live.awaitLock(Duration.ofSeconds(10));
        Path audit = work.resolve("audit.log");

        CliRun plain = db.clear(uuid, "--yes", "--audit-file", audit.toString());
        CliRun forced = db.clear(uuid, "--yes", "--force", "--audit-file", audit.toString());
        List<Map<String, Object>> locksDuring = db.lockRows();

        assertThat(running).as("still migrating while lockdoctor looked").isNotDone();
        for (CliRun run : List.of(plain, forced)) {
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ACTIVE);
            assertThat(run.out()).contains("Verdict: ACTIVE.").contains("REFUSED_ACTIVE: Refused: a migration is active.")
                    .contains("never clears an active lock, --force or not").doesNotContain("DELETED");
        }
        assertThat(locksDuring).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(uuid));
        assertThat(auditLines(audit)).as("no intent: nothing was about to be deleted").isEmpty();

        MigrationResult result = running.get(60, TimeUnit.SECONDS);
        assertThat(result.succeededTasks).hasSize(1);
        assertThat(live.lockDescription()).as("HAPI released its own lock").isEmpty();
        assertThat(live.rows()).extracting(HapiMigrationEntity::getVersion).contains("8.6.1.20250101.2");
    }

    // (d), as operators would race: two processes, both with --yes, on one lock.
    @Test
    void twoClearsRacingOnOneLockDeleteItOnce() throws Exception {
        String uuid = crashedMigratorsLock();
        db.settle();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<CliRun>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path audit = work.resolve("audit-" + i + ".log");
            runs.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                List<String> args = new ArrayList<>(List.of("--yes", "--audit-file", audit.toString()));
                args.addAll(racingRunsExcludeEachOther());
                return db.clear(uuid, args.toArray(String[]::new));
            }));
        }
        start.countDown();
        List<CliRun> done = new ArrayList<>();
        for (CompletableFuture<CliRun> run : runs) {
            done.add(run.get(60, TimeUnit.SECONDS));
        }

        String both = done.get(0).all() + "\n---\n" + done.get(1).all();
        assertThat(done).extracting(CliRun::exitCode).as(both).filteredOn(code -> code == ExitCodes.OK).hasSize(1);
        CliRun winner = done.stream().filter(r -> r.exitCode() == ExitCodes.OK).findFirst().orElseThrow();
        CliRun loser = done.stream().filter(r -> r.exitCode() != ExitCodes.OK).findFirst().orElseThrow();
        assertThat(loser.exitCode()).as(both).isIn(racingLoserExitCodes());
        assertThat(winner.out()).contains("DELETED: Deleted the lock " + uuid);
        assertThat(loser.out()).doesNotContain("DELETED");
        List<JsonNode> outcomes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            auditLines(work.resolve("audit-" + i + ".log")).stream()
                    .filter(l -> l.get("event").asText().equals("OUTCOME")).forEach(outcomes::add);
        }
        // One deletion. A loser that refused at the last moment (the row locked by the winner, seen as
        // ACTIVE) had written its INTENT, so it records its refusal as an OUTCOME too.
        List<String> results = outcomes.stream().map(l -> l.get("result").asText()).toList();
        assertThat(results).as(both).filteredOn("DELETED"::equals).hasSize(1);
        assertThat(results).as(both).allMatch(r -> r.equals("DELETED") || r.startsWith("REFUSED_"));
        assertThat(db.lockRows()).isEmpty();
        assertThat(db.rows()).hasSize(2);
    }

    /**
     * Where the database shows no session tag (MariaDB without the performance schema, H2), two
     * lockdoctor runs see each other's sessions as connected clients and both refuse; the operator
     * of each then names the other run's account as no migrator. Empty where tags show.
     */
    protected List<String> racingRunsExcludeEachOther() {
        return List.of();
    }

    // (f), the slow path: a new migrator took a new lock while the operator sat at the prompt.
    @Test
    void aNewLockTakenWhileThePromptWaitedIsNeverDeleted() throws Exception {
        String stale = crashedMigratorsLock();
        db.settle();
        HapiMigratorHarness newServer = db.hapiOnItsOwnPool();
        AtomicReference<CompletableFuture<MigrationResult>> migration = new AtomicReference<>();
        AtomicReference<String> newLock = new AtomicReference<>();
        // The operator types "yes" only after a server started with the documented fix has
        // replaced the stale lock with its own and is migrating.
        InputStream operator = new AnswerAfter("yes\n", () -> {
            migration.set(CompletableFuture.supplyAsync(() -> newServer.migrateClearingLock(stale,
                    newServer.sleepingTask("20250101.2", "LD_SLOW", Duration.ofSeconds(6)))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (newServer.lockDescription().filter(d -> !d.equals(stale)).isEmpty()) {
                assertThat(System.nanoTime()).as("the new server took its lock").isLessThan(deadline);
                sleep(20);
            }
            newLock.set(newServer.lockDescription().orElseThrow());
        });
        Path audit = work.resolve("audit.log");

        CliRun clear = db.lockdoctorOnTerminal(operator, db.clearArgs(stale, "--audit-file", audit.toString()));

        assertThat(clear.err()).contains("Type yes to delete");
        assertThat(clear.exitCode()).as(clear.all()).isEqualTo(ExitCodes.ACTIVE);
        // Shown before the question, then the fresh look after the answer, which came to another verdict.
        assertThat(clear.out().indexOf("Verdict: STALE.")).as(clear.out())
                .isNotNegative().isLessThan(clear.out().indexOf("Verdict: ACTIVE."));
        assertThat(clear.out()).contains("OTHER_LOCK: The lock " + stale + " is gone, but FLY_HFJ_MIGRATION holds "
                + "another lock now, " + newLock.get() + ", whose verdict is ACTIVE").contains("Nothing was deleted");
        assertThat(db.lockRows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(newLock.get()));
        assertThat(auditLines(audit)).isEmpty();
        assertThat(migration.get().get(60, TimeUnit.SECONDS).succeededTasks).hasSize(1);
        assertThat(newServer.lockDescription()).isEmpty();
    }

    // (g)
    @Test
    void thePrintedRestoreStatementPutsTheRowBackExactly() {
        String uuid = crashedMigratorsLock();
        Map<String, Object> before = db.lockRows().get(0);
        db.settle();

        CliRun clear = db.clear(uuid, "--yes");
        assertThat(clear.exitCode()).as(clear.all()).isZero();
        assertThat(db.lockRows()).isEmpty();
        String restore = restoreStatement(clear);

        db.execute(restore);

        assertThat(db.lockRows()).singleElement().satisfies(after -> assertSameRow(after, before));
        assertThat(db.hapi().lockDescription()).contains(uuid);
        assertThat(db.hapi().migrateExpectingBlocked()).endsWith("DESCRIPTION = " + uuid);
    }

    // (g), with columns an attacker or a tired DBA filled with quotes and SQL: the printed INSERT still restores them exactly.
    @Test
    void theRestoreStatementQuotesHostileValues() {
        HapiMigratorHarness hapi = db.hapi().createTable();
        String uuid = hapi.leaveCrashedLock();
        db.execute("UPDATE \"FLY_HFJ_MIGRATION\" SET \"installed_by\" = 'V8''); DROP TABLE \"FLY_HFJ_MIGRATION\"; --', "
                + "\"script\" = 'HAPI /* x */ \\ FHIR', \"version\" = 'O''Brien' WHERE \"installed_rank\" = -100");
        Map<String, Object> before = db.lockRows().get(0);
        db.settle();

        CliRun clear = db.clear(uuid, "--yes");
        assertThat(clear.exitCode()).as(clear.all()).isZero();
        db.execute(restoreStatement(clear));

        assertThat(db.lockRows()).singleElement().satisfies(after -> assertSameRow(after, before));
        assertThat(db.historyTableExists()).isTrue();
    }

    // UNCERTAIN: refused without --force (5), deleted with it, and the audit says forced.
    @Test
    void anUncertainLockIsRefusedWithoutForceAndClearedWithIt() throws IOException {
        String uuid = crashedMigratorsLock();
        db.settle();
        Path audit = work.resolve("audit.log");

        // A lock dated today cannot be proven older than the default --min-age of 10 minutes.
        CliRun refused = db.clear(uuid, "--yes", "--min-age", "10m", "--audit-file", audit.toString());

        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertThat(refused.out()).contains("Verdict: UNCERTAIN.").contains("REFUSED_UNCERTAIN: Refused: staleness is not "
                + "proven.").contains("--force");
        assertThat(db.lockRows()).hasSize(1);
        assertThat(auditLines(audit)).isEmpty();

        CliRun forced = db.clear(uuid, "--yes", "--min-age", "10m", "--force", "--audit-file", audit.toString());

        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(forced.out()).contains("DELETED: Deleted the lock " + uuid + " from FLY_HFJ_MIGRATION (forced)");
        assertThat(db.lockRows()).isEmpty();
        List<JsonNode> lines = auditLines(audit);
        assertThat(lines).extracting(l -> l.get("event").asText()).containsExactly("INTENT", "OUTCOME");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.get("forced").asBoolean()).isTrue();
            assertThat(l.get("verdict").asText()).isEqualTo("UNCERTAIN");
        });
        assertThat(lines.get(0).get("message").asText()).contains("forced");
    }

    @Test
    void aDryRunChangesNothingAndPrintsBothStatements() {
        String uuid = crashedMigratorsLock();
        List<Map<String, Object>> before = db.rows();
        db.settle();

        CliRun dryRun = db.clear(uuid, "--dry-run");

        assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
        assertThat(dryRun.out()).contains("Verdict: STALE.")
                .contains("Statement: DELETE FROM ").contains("'" + uuid + "'")
                .contains("Restore:   INSERT INTO ")
                .contains("DRY_RUN: Dry run: the lock " + uuid + " would be deleted (verdict STALE); nothing was changed.");
        assertThat(db.rows()).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertSameRow(db.rows().get(i), before.get(i));
        }
        assertThat(Files.exists(work.resolve("lockdoctor-audit.log"))).as("a dry run writes no audit").isFalse();
    }

    @Test
    void aDeclinedPromptDeletesNothing() throws IOException {
        String uuid = crashedMigratorsLock();
        db.settle();

        CliRun declined = db.lockdoctorAnswering("no", db.clearArgs(uuid));

        assertThat(declined.exitCode()).as(declined.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(declined.err()).contains("Delete the lock " + uuid).contains("Verdict: STALE")
                .contains("Type yes to delete: ");
        assertThat(declined.out()).contains("DECLINED: Not confirmed: nothing was deleted.");
        assertThat(db.lockRows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(uuid));
        assertThat(auditLines(work.resolve("lockdoctor-audit.log"))).isEmpty();

        CliRun confirmed = db.lockdoctorAnswering("yes", db.clearArgs(uuid));

        assertThat(confirmed.exitCode()).as(confirmed.all()).isZero();
        assertThat(db.lockRows()).isEmpty();
        assertThat(auditLines(work.resolve("lockdoctor-audit.log"))).extracting(l -> l.get("event").asText())
                .containsExactly("INTENT", "OUTCOME");
    }

    @Test
    void theLogsHapi2153MessagePicksTheLock() throws IOException {
        String uuid = crashedMigratorsLock();
        String blocked = db.hapi().migrateExpectingBlocked();
        db.settle();
        Path log = work.resolve("smile.log");
        Files.writeString(log, "2025-01-02 10:15:30.123 [main] INFO  c.u.f.j.m.HapiMigrationLock Waiting for lock on "
                + "FLY_HFJ_MIGRATION.  Retry 1/50\n"
                + "2025-01-02 10:16:20.456 [main] ERROR c.u.f.j.m.HapiMigrator " + blocked + "\n"
                + "ca.uhn.fhir.jpa.migrate.HapiMigrationException: " + blocked + "\n"
                + "\tat ca.uhn.fhir.jpa.migrate.HapiMigrationLock.lock(HapiMigrationLock.java:92)\n",
                StandardCharsets.UTF_8);

        CliRun clear = db.lockdoctor("clear", "--table", HFJ_TABLE, "--log", log.toString(), "--schema", db.schema(),
                "--observe", ClearDatabase.OBSERVE, "--min-age", "0s", "--yes");

        assertThat(clear.exitCode()).as(clear.all()).isZero();
        assertThat(clear.err()).contains("the logs name the lock " + uuid + " in FLY_HFJ_MIGRATION");
        assertThat(clear.out()).contains("DELETED: Deleted the lock " + uuid);
        assertThat(db.lockRows()).isEmpty();
    }

    /** A stdin that runs {@code before} when the prompt reads it, then answers. */
    static final class AnswerAfter extends InputStream {
        private final byte[] answer;
        private final Runnable before;
        private int position = -1;

        AnswerAfter(String answer, Runnable before) {
            this.answer = answer.getBytes(StandardCharsets.UTF_8);
            this.before = before;
        }

        @Override
        public int read() {
            if (position < 0) {
                before.run();
                position = 0;
            }
            return position < answer.length ? answer[position++] & 0xff : -1;
        }
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
