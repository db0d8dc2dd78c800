package io.lockdoctor.core;

import static io.lockdoctor.core.Reports.database;
import static io.lockdoctor.core.Reports.lock;
import static io.lockdoctor.core.Reports.table;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.model.DatabaseAccessException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionObserver;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.Statements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clear's transaction on an in-memory H2 history: exactly the lock row deleted after the
 * intent is recorded, or nothing deleted (a session at the last moment, a declined or stale
 * prompt, a row gone, an audit that cannot record the intent), each outcome as the operator reads it.
 */
class LockClearerH2Test {
    private static final String LOCK = LockedH2History.LOCK_UUID;
    private static final KnownTable HFJ = KnownTable.FLY_HFJ_MIGRATION;

    /** The sessions the clear's final snapshot lists. */
    private static final class Sessions implements SessionObserver {
        List<SessionActivity> others = List.of();
        /** Sessions of other databases on the same server: listed only when no namespace is asked for. */
        List<SessionActivity> elsewhere = List.of();
        Runnable onSample = () -> { };

        @Override
        public String sessionIdQuery() {
            return "SELECT SESSION_ID()";
        }

        @Override
        public Observability observability(Statements sql) {
            return Observability.proven("test");
        }

        @Override
        public List<SessionActivity> sample(Statements sql) {
            onSample.run();
            List<SessionActivity> all = new ArrayList<>(others);
            all.addAll(elsewhere);
            return all;
        }

        @Override
        public List<SessionActivity> sample(Statements sql, Collection<String> namespaces) {
            onSample.run();
            return others;
        }

        @Override
        public OptionalLong writeCounter(Statements sql, Collection<String> schemas) {
            return OptionalLong.empty();
        }

        @Override
        public String terminateCommand(SessionActivity session) {
            return "END " + session.id();
        }
    }

    private final LockedH2History db = new LockedH2History();
    private final Sessions sessions = new Sessions();
    private final RecordingAudit audit = new RecordingAudit();
    /** The verdict of each inspection in turn; the last one stays for every later inspection. */
    private final Deque<Verdict> verdicts = new ArrayDeque<>();
    private DatabaseSession keeper;
    /** The history table as the inspection finds it: the clear reads and deletes through it. */
    private MigrationTable history;

    private final ClearTarget target = new ClearTarget() {
        @Override
        public ClearTarget.Inspection inspection(InspectionOptions options) {
            return new ScriptedInspection(() -> {
                Verdict verdict = verdicts.size() > 1 ? verdicts.poll() : verdicts.peek();
                return database(table(history, verdict, lock(LOCK)));
            }, this::openSession);
        }

        @Override
        public DatabaseSession openSession() {
            return db.open(sessions);
        }

        @Override
        public SessionSettings settings() {
            return SessionSettings.defaults();
        }
    };

    @BeforeEach
    void aLockedHistory() {
        keeper = db.open(sessions);
        db.create(keeper);
        history = new MigrationTableFinder().find(keeper, Optional.of("PUBLIC"), List.of(HFJ)).tables().get(0);
        verdicts.add(Verdict.STALE);
    }

    @AfterEach
    void close() {
        keeper.close();
    }

    private ClearOutcome clear(boolean dryRun, Confirmation confirmation) {
        return clear(false, dryRun, confirmation);
    }

    private ClearOutcome clear(boolean force, boolean dryRun, Confirmation confirmation) {
        return clear(target, force, dryRun, confirmation);
    }

    private ClearOutcome clear(ClearTarget on, boolean force, boolean dryRun, Confirmation confirmation) {
        return new LockClearer(on, audit, new LockClearer.AuditContext("ops", "host1", "jdbc:h2:mem:test"),
                Clock.systemUTC()).clear(new ClearRequest(HFJ, LOCK, force, dryRun, InspectionOptions.defaults()),
                        confirmation);
    }

    /** Whether another session can take the lock row now, waiting at most 100 ms. */
    private boolean lockRowFree() {
        try (DatabaseSession other = db.open(null)) {
            other.sql().update("SET LOCK_TIMEOUT 100");
            other.begin();
            other.sql().list("SELECT * FROM FLY_HFJ_MIGRATION WHERE \"installed_rank\" = -100 FOR UPDATE",
                    RowMapper.STRING);
            other.rollback();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private List<String> auditEvents() {
        return audit.entries.stream().map(e -> e.event() + " " + e.result()).toList();
    }

    @Test
    void aStaleLockIsDeletedAloneAfterItsIntentIsRecorded() {
        ClearOutcome outcome = clear(false, Confirmation.YES);

        assertThat(outcome.result()).isEqualTo(ClearResult.DELETED);
        assertThat(outcome.verdict()).isEqualTo(Verdict.STALE);
        assertThat(outcome.message()).startsWith("Deleted the lock " + LOCK + " from FLY_HFJ_MIGRATION. To put it back: ")
                .endsWith(outcome.restoreStatement());
        assertThat(db.lockRows()).isZero();
        assertThat(auditEvents()).containsExactly("INTENT null", "OUTCOME DELETED");
        assertThat(audit.entries.get(0).row()).containsEntry("description", LOCK).containsEntry("version", null)
                .containsEntry("installed_on", "2026-11-30T09:00").containsEntry("success", "true");
        assertThat(audit.entries.get(0).message()).isEqualTo("about to delete");
        assertThat(audit.entries.get(0).forced()).isFalse();
        assertThat(outcome.deleteStatement()).isEqualTo("DELETE FROM \"PUBLIC\".\"FLY_HFJ_MIGRATION\" WHERE "
                + "\"installed_rank\" = -100 AND \"description\" = '" + LOCK + "'");

        // The statement printed to put the row back does.
        db.execute(outcome.restoreStatement().replaceAll(";$", ""));
        assertThat(db.lockRows()).isOne();
        assertThat(db.lockColumn("installed_on")).hasToString("2026-11-30 09:00:00");
        // The row lock is waited for 1.5 s at most, whatever the timeout: a new migrator never waits long on it.
        assertThat(db.clearLockWaits).containsExactly(Duration.ofMillis(1500));
        assertThat(outcome.restoreStatement()).startsWith("INSERT INTO \"PUBLIC\".\"FLY_HFJ_MIGRATION\" (\"installed_rank\", "
                + "\"version\", \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"installed_on\", "
                + "\"execution_time\", \"success\") VALUES (-100, NULL, '" + LOCK + "', 'SQL', 'HAPI FHIR migration lock', "
                + "NULL, 'smile', ");
    }

    @Test
    void theFinalSnapshotIsTakenWhileTheLockRowIsHeld() {
        List<Boolean> freeDuringSnapshot = new java.util.ArrayList<>();
        sessions.onSample = () -> freeDuringSnapshot.add(lockRowFree());

        ClearOutcome outcome = clear(false, Confirmation.YES);

        assertThat(outcome.result()).isEqualTo(ClearResult.DELETED);
        assertThat(freeDuringSnapshot).containsExactly(false);
    }

    @Test
    void anUncertainLockClearedForcedSaysSoEverywhere() {
        verdicts.clear();
        verdicts.add(Verdict.UNCERTAIN);

        ClearOutcome dry = clear(true, true, Confirmation.YES);
        assertThat(dry.message()).contains("(verdict UNCERTAIN, forced)");

        ClearOutcome outcome = clear(true, false, Confirmation.YES);
        assertThat(outcome.result()).isEqualTo(ClearResult.DELETED);
        assertThat(outcome.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(outcome.message()).startsWith("Deleted the lock " + LOCK + " from FLY_HFJ_MIGRATION (forced). ");
        assertThat(audit.entries).allSatisfy(e -> assertThat(e.forced()).isTrue());
        assertThat(audit.entries.get(0).message()).isEqualTo("about to delete (forced)");
    }

    @Test
    void aStaleLockClearedWithForceIsNotCalledForced() {
        ClearOutcome outcome = clear(true, false, Confirmation.YES);

        assertThat(outcome.message()).doesNotContain("forced");
        assertThat(audit.entries).noneSatisfy(e -> assertThat(e.forced()).isTrue());
    }

    @Test
    void aMigratorsConnectionSeenAtTheLastMomentRefusesTheDelete() {
        Instant now = Instant.now();
        sessions.others = List.of(new SessionActivity("42", "smile", "10.0.0.5", "smile-cdr", now.minusSeconds(60), now,
                false, false, false, true, "ALTER TABLE HFJ_RESOURCE ADD COLUMN X INT", List.of(), now));

        ClearOutcome outcome = clear(false, Confirmation.YES);

        assertThat(outcome.result()).isEqualTo(ClearResult.REFUSED_ACTIVE);
        assertThat(outcome.verdict()).isEqualTo(Verdict.ACTIVE);
        assertThat(outcome.message()).isEqualTo("Refused at the last moment: connected, and its last statement ran DDL "
                + "or touched the history table: ALTER TABLE HFJ_RESOURCE ADD COLUMN X INT (session 42). Nothing was "
                + "deleted.");
        assertThat(db.lockRows()).isOne();
        assertThat(auditEvents()).containsExactly("OUTCOME REFUSED_ACTIVE");
    }

    @Test
    void aDryRunAndADeclinedPromptDeleteNothingAndRecordNothing() {
        ClearOutcome dry = clear(true, Confirmation.YES);
        assertThat(dry.result()).isEqualTo(ClearResult.DRY_RUN);
        assertThat(dry.message()).isEqualTo("Dry run: the lock " + LOCK + " would be deleted (verdict STALE); nothing "
                + "was changed.");
        assertThat(dry.deleteStatement()).contains("DELETE FROM").contains(LOCK);

        ClearOutcome declined = clear(false, proposal -> {
            assertThat(proposal.question()).startsWith("Delete the lock " + LOCK + " (installed_on ")
                    .contains(") from FLY_HFJ_MIGRATION in PUBLIC? Verdict: STALE. Type yes");
            return false;
        });
        assertThat(declined.result()).isEqualTo(ClearResult.DECLINED);
        assertThat(declined.message()).isEqualTo("Not confirmed: nothing was deleted.");

        assertThat(db.lockRows()).isOne();
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void aMigrationStartedWhileThePromptWaitedIsRefused() {
        verdicts.add(Verdict.ACTIVE);

        ClearOutcome outcome = clear(false, proposal -> true);

        assertThat(outcome.result()).isEqualTo(ClearResult.REFUSED_ACTIVE);
        assertThat(db.lockRows()).isOne();
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void aLockRemovedByAnotherBeforeTheTransactionIsNothingToDo() {
        ClearOutcome outcome = clear(false, proposal -> {
            db.execute("DELETE FROM FLY_HFJ_MIGRATION WHERE \"installed_rank\" = -100");
            return true;
        });

        assertThat(outcome.result()).isEqualTo(ClearResult.NOT_FOUND);
        assertThat(outcome.message()).isEqualTo("The lock " + LOCK + " was removed by someone else in the meantime and "
                + "no other lock is there: nothing to do.");
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void aShorterTimeoutBoundsTheRowLockWaitToo() {
        ClearTarget shortTimeout = new ClearTarget() {
            @Override
            public ClearTarget.Inspection inspection(InspectionOptions options) {
                return new ScriptedInspection(() -> target.inspection(options).status(), this::openSession);
            }

            @Override
            public DatabaseSession openSession() {
                return db.open(sessions, SessionSettings.withTimeout(Duration.ofSeconds(1)));
            }

            @Override
            public SessionSettings settings() {
                return SessionSettings.withTimeout(Duration.ofSeconds(1));
            }
        };

        ClearOutcome outcome = clear(shortTimeout, false, false, Confirmation.YES);

        assertThat(outcome.result()).isEqualTo(ClearResult.DELETED);
        assertThat(db.clearLockWaits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aMigratorOfAnotherDatabaseOnTheServerDoesNotRefuseTheClear() {
        Instant now = Instant.now();
        sessions.elsewhere = List.of(new SessionActivity("43", "other", "10.0.0.6", "other-app", now.minusSeconds(60),
                now, false, false, false, true, "ALTER TABLE OTHER_APP ADD COLUMN X INT", List.of(), now));

        assertThat(clear(false, Confirmation.YES).result()).isEqualTo(ClearResult.DELETED);
    }

    @Test
    void anotherLockTakenWhileThePromptWaitedIsNotDeleted() {
        ClearOutcome outcome = clear(false, proposal -> {
            db.execute("DELETE FROM FLY_HFJ_MIGRATION WHERE \"installed_rank\" = -100");
            db.insertLockRow("2981dc98-6111-4892-b3f9-56b9d559f4d7");
            return true;
        });

        assertThat(outcome.result()).isEqualTo(ClearResult.OTHER_LOCK);
        assertThat(outcome.message()).isEqualTo("The lock changed while lockdoctor worked: run again.");
        assertThat(outcome.report()).isNotNull();
        assertThat(db.lockRows()).isOne();
        assertThat(audit.entries).isEmpty();
    }

    @Test
    void aConnectionLostBeforeTheCommitLooksAgainAndSaysTheRowIsStillThere() {
        sessions.onSample = () -> {
            throw new DatabaseAccessException("connection reset");
        };

        ClearOutcome outcome = clear(false, Confirmation.YES);

        assertThat(outcome.result()).isEqualTo(ClearResult.FAILED);
        assertThat(outcome.verdict()).isEqualTo(Verdict.STALE);
        assertThat(outcome.message()).startsWith("The clear failed before its commit: ").contains("connection reset")
                .endsWith(". The lock row is still there: nothing was deleted; run the same command again.");
        assertThat(outcome.deleteStatement()).startsWith("DELETE FROM");
        assertThat(db.lockRows()).isOne();
        assertThat(auditEvents()).containsExactly("OUTCOME FAILED");
    }

    @Test
    void anIntentThatCannotBeRecordedDeletesNothing() {
        ClearOutcome outcome = clear(false, proposal -> {
            audit.full = new AuditException("disk full", null);
            return true;
        });

        assertThat(outcome.result()).isEqualTo(ClearResult.FAILED);
        assertThat(outcome.message()).isEqualTo("Nothing was deleted: disk full");
        assertThat(db.lockRows()).isOne();
    }

    @Test
    void anIntentRefusedOnceIsFollowedByAFailedOutcomeWithTheRow() {
        audit.failOnce = new AuditException("disk full", null);

        ClearOutcome outcome = clear(false, Confirmation.YES);

        assertThat(outcome.result()).isEqualTo(ClearResult.FAILED);
        assertThat(outcome.deleteStatement()).startsWith("DELETE FROM");
        assertThat(outcome.restoreStatement()).startsWith("INSERT INTO");
        assertThat(db.lockRows()).isOne();
        assertThat(auditEvents()).containsExactly("OUTCOME FAILED");
        assertThat(audit.entries.get(0).row()).containsEntry("description", LOCK);
        assertThat(audit.entries.get(0).message()).isEqualTo("Nothing was deleted: disk full");
    }
}
