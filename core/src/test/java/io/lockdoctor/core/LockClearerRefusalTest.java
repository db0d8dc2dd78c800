package io.lockdoctor.core;

import static io.lockdoctor.core.Reports.database;
import static io.lockdoctor.core.Reports.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.DatabaseAccessException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.spi.SessionSettings;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every clear refused before anything is written: the audit checked first, the verdict decided
 * from the inspection, and no session opened, no audit line written and no statement proposed.
 */
class LockClearerRefusalTest {
    private static final String LOCK = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final String OTHER = "2981dc98-6111-4892-b3f9-56b9d559f4d7";
    private static final KnownTable HFJ = KnownTable.FLY_HFJ_MIGRATION;

    /** A database whose inspection a test scripts; a refusal must never open a session on it. */
    private static final class Inspected implements ClearTarget {
        final Supplier<DatabaseReport> status;
        int inspections;

        Inspected(Supplier<DatabaseReport> status) {
            this.status = status;
        }

        @Override
        public ClearTarget.Inspection inspection(InspectionOptions options) {
            return new ScriptedInspection(() -> {
                inspections++;
                return status.get();
            }, this::openSession);
        }

        @Override
        public DatabaseSession openSession() {
            throw new AssertionError("a refused clear opened a session");
        }

        @Override
        public SessionSettings settings() {
            return SessionSettings.defaults();
        }
    }

    private final RecordingAudit audit = new RecordingAudit();

    private ClearOutcome clear(Inspected target, boolean force, boolean dryRun) {
        ClearRequest request = new ClearRequest(HFJ, LOCK, force, dryRun, InspectionOptions.defaults());
        ClearOutcome outcome = new LockClearer(target, audit, new LockClearer.AuditContext("ops", "host1",
                "jdbc:test"), Clock.systemUTC()).clear(request, proposal -> {
                    throw new AssertionError("a refused clear asked for confirmation");
                });
        assertThat(audit.entries).as("no audit line for a refusal").isEmpty();
        assertThat(outcome.deleteStatement()).isNull();
        assertThat(outcome.restoreStatement()).isNull();
        return outcome;
    }

    private static Inspected holding(Verdict verdict, String... locks) {
        return new Inspected(() -> database(table(HFJ, "public", verdict, null,
                Arrays.stream(locks).map(Reports::lock).toArray(LockRow[]::new))));
    }

    @Test
    void anAuditThatCannotTakeARecordRefusesBeforeAnyInspection() {
        audit.full = new AuditException("the audit file is read-only", null);
        Inspected stale = holding(Verdict.STALE, LOCK);

        ClearOutcome outcome = clear(stale, false, false);

        assertThat(outcome.result()).isEqualTo(ClearResult.FAILED);
        assertThat(outcome.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(outcome.message()).isEqualTo("Nothing was deleted: the audit file is read-only");
        assertThat(outcome.report()).isNull();
        assertThat(stale.inspections).isZero();
    }

    @Test
    void aDryRunNeedsNoAuditAndIsRefusedLikeAClear() {
        audit.full = new AuditException("the audit file is read-only", null);

        ClearOutcome outcome = clear(holding(Verdict.ACTIVE, LOCK), false, true);

        assertThat(outcome.result()).isEqualTo(ClearResult.REFUSED_ACTIVE);
    }

    @Test
    void anActiveLockIsRefusedForcedOrNot() {
        for (boolean force : new boolean[] {false, true}) {
            ClearOutcome outcome = clear(holding(Verdict.ACTIVE, LOCK), force, false);

            assertThat(outcome.result()).isEqualTo(ClearResult.REFUSED_ACTIVE);
            assertThat(outcome.verdict()).isEqualTo(Verdict.ACTIVE);
            assertThat(outcome.message()).isEqualTo("Refused: a migration is active. because lockdoctor never clears "
                    + "an active lock, force or not.");
            assertThat(outcome.report().verdict()).isEqualTo(Verdict.ACTIVE);
        }
    }

    @Test
    void anUncertainLockIsRefusedWithoutForce() {
        ClearOutcome outcome = clear(holding(Verdict.UNCERTAIN, LOCK), false, false);

        assertThat(outcome.result()).isEqualTo(ClearResult.REFUSED_UNCERTAIN);
        assertThat(outcome.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(outcome.message()).startsWith("Refused: staleness is not proven. because Settle it first")
                .endsWith("repeat with force (recorded in the audit).");
    }

    @Test
    void severalLockRowsAreUncertainAtBestAndSortingThemOutIsAdvised() {
        ClearOutcome outcome = clear(holding(Verdict.STALE, LOCK, OTHER), false, false);

        assertThat(outcome.result()).isEqualTo(ClearResult.REFUSED_UNCERTAIN);
        assertThat(outcome.report().verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(outcome.report().settleBy()).containsExactly(new Advice.SortOutSeveralLocks());
        assertThat(outcome.report().reason()).endsWith(" because");
    }

    @Test
    void noLockAndAnotherLockAreNothingToDelete() {
        ClearOutcome none = clear(holding(Verdict.NO_LOCK), false, false);
        assertThat(none.result()).isEqualTo(ClearResult.NOT_FOUND);
        assertThat(none.verdict()).isEqualTo(Verdict.NO_LOCK);
        assertThat(none.message()).endsWith(" Nothing to clear.");

        ClearOutcome other = clear(holding(Verdict.STALE, OTHER), true, false);
        assertThat(other.result()).isEqualTo(ClearResult.OTHER_LOCK);
        assertThat(other.verdict()).isEqualTo(Verdict.STALE);
        assertThat(other.message()).endsWith(" Nothing was deleted; judge that lock before clearing it.");
    }

    @Test
    void anInspectionThatFailsFailsTheClearWithItsOwnError() {
        DatabaseAccessException down = new DatabaseAccessException("connection refused");

        assertThatThrownBy(() -> clear(new Inspected(() -> {
            throw down;
        }), false, false)).isSameAs(down);
    }
}
