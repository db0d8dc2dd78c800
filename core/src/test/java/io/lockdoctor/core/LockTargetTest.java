package io.lockdoctor.core;

import static io.lockdoctor.core.Reports.database;
import static io.lockdoctor.core.Reports.lock;
import static io.lockdoctor.core.Reports.noLock;
import static io.lockdoctor.core.Reports.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.LockTarget.Kind;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.Terms;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which lock a clear or an export is about, decided from one inspection: never "gone" unless read and absent. */
class LockTargetTest {
    /** Terms of a caller that names its settings as flags: the messages must use them, never their own. */
    private static final Terms CLI_TERMS = setting -> "--" + setting.name().toLowerCase(Locale.ROOT).replace('_', '-');
    private static final String LOCK = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final String OTHER = "2981dc98-6111-4892-b3f9-56b9d559f4d7";
    private static final KnownTable HFJ = KnownTable.FLY_HFJ_MIGRATION;
    private static final KnownTable CDR = KnownTable.FLY_CDR_MIGRATION;

    private static LockTarget find(DatabaseReport database, KnownTable wanted, String uuid) {
        return LockTarget.find(database, Optional.ofNullable(wanted), Optional.ofNullable(uuid), CLI_TERMS);
    }

    @Test
    void theLockAskedForIsFoundInTheTableHoldingItWhateverItsCase() {
        TableReport held = table(CDR, "public", Verdict.STALE, null, lock(LOCK.toUpperCase()));
        LockTarget target = find(database(noLock(HFJ), held), null, LOCK);

        assertThat(target.kind()).isEqualTo(Kind.FOUND);
        assertThat(target.table()).isSameAs(held);
        assertThat(target.lock().description()).isEqualTo(LOCK.toUpperCase());
        assertThat(target.message()).isEqualTo("FLY_CDR_MIGRATION in public holds the lock " + LOCK.toUpperCase() + ".");
    }

    @Test
    void withoutAUuidTheOnlyLockThereIsTheOne() {
        TableReport held = table(HFJ, null, Verdict.UNCERTAIN, null, lock(LOCK));
        LockTarget target = find(database(held, noLock(CDR)), null, null);

        assertThat(target.kind()).isEqualTo(Kind.FOUND);
        assertThat(target.lock().description()).isEqualTo(LOCK);
        assertThat(target.message()).isEqualTo("FLY_HFJ_MIGRATION holds the lock " + LOCK + ".");
    }

    @Test
    void withoutAUuidTwoTablesHoldingALockNeedATable() {
        DatabaseReport both = database(table(HFJ, "public", Verdict.STALE, null, lock(LOCK)),
                table(CDR, "public", Verdict.STALE, null, lock(OTHER)));

        assertThatThrownBy(() -> find(both, null, null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("both tables hold a lock").hasMessageContaining(LOCK).hasMessageContaining(OTHER)
                .hasMessageEndingWith("give --table (or --uuid)");
        assertThat(find(both, CDR, null).lock().description()).isEqualTo(OTHER);
    }

    @Test
    void aLockOfUnknownOriginIsMatchedByItsExactDescription() {
        TableReport held = table(HFJ, "public", Verdict.UNCERTAIN, null, lock("by hand"));

        assertThat(find(database(held), HFJ, "by hand").kind()).isEqualTo(Kind.FOUND);
        assertThat(find(database(held), HFJ, "BY HAND").kind()).isEqualTo(Kind.OTHER_LOCK);
    }

    @Test
    void severalLockRowsAreNeverOneFoundLock() {
        TableReport held = table(HFJ, "public", Verdict.STALE, null, lock(OTHER), lock(LOCK));
        LockTarget target = find(database(held), HFJ, LOCK);

        assertThat(target.kind()).isEqualTo(Kind.SEVERAL_LOCKS);
        assertThat(target.lock().description()).isEqualTo(LOCK);
        assertThat(target.message()).contains("holds 2 lock rows (" + OTHER + ", " + LOCK + ")")
                .contains("judged " + OTHER + " only");
        // HAPI's variable cannot remove one row of several; a clear judges them UNCERTAIN at best.
        assertThat(target.decide(held, true, true)).isEqualTo(LockTarget.Decision.SEVERAL_LOCKS);
        assertThat(target.decide(held, false, false)).isEqualTo(LockTarget.Decision.PROCEED);
    }

    @Test
    void aTableThatCouldNotBeReadIsUnreadableNeverGone() {
        TableReport failed = table(HFJ, "public", Verdict.ERROR, "permission denied");
        LockTarget target = find(database(failed, noLock(CDR)), null, LOCK);

        assertThat(target.kind()).isEqualTo(Kind.UNREADABLE);
        assertThat(target.table()).isSameAs(failed);
        assertThat(target.message()).isEqualTo("FLY_HFJ_MIGRATION in public could not be read, so whether it holds the "
                + "lock " + LOCK + " is unknown: permission denied.");

        TableReport lockedByAnother = table(HFJ, null, Verdict.ACTIVE, null);
        assertThat(find(database(lockedByAnother), HFJ, null).message())
                .isEqualTo("FLY_HFJ_MIGRATION could not be read, so whether it holds a lock is unknown: because.");
        // A table another session holds locked is a migration at work; anything else unread is unknown.
        assertThat(target.decide(failed, true, false)).isEqualTo(LockTarget.Decision.UNREADABLE);
        assertThat(find(database(lockedByAnother), HFJ, null).decide(lockedByAnother, true, false))
                .isEqualTo(LockTarget.Decision.REFUSED_ACTIVE);
        assertThat(target.decide(null, true, false)).isEqualTo(LockTarget.Decision.UNREADABLE);
    }

    @Test
    void aLockFoundWinsOverAnotherTableThatCouldNotBeRead() {
        DatabaseReport database = database(table(HFJ, "public", Verdict.ERROR, "timeout"),
                table(CDR, "public", Verdict.STALE, null, lock(LOCK)));

        assertThat(find(database, null, LOCK).kind()).isEqualTo(Kind.FOUND);
    }

    @Test
    void aDatabaseThatCouldNotBeInspectedIsUnreadable() {
        LockTarget target = find(DatabaseReport.failed(null, "jdbc:test", "connection refused!"), null, null);

        assertThat(target.kind()).isEqualTo(Kind.UNREADABLE);
        assertThat(target.table()).isNull();
        assertThat(target.message()).isEqualTo("The database could not be inspected, so whether it holds a lock is "
                + "unknown: connection refused!");
    }

    @Test
    void noTableIsNoTableWithTheSchemasSearched() {
        TableReport missing = new TableReport(HFJ, null, new TableReport.Missing());

        LockTarget either = find(database(missing), null, LOCK);
        assertThat(either.kind()).isEqualTo(Kind.NO_TABLE);
        assertThat(either.message()).isEqualTo("Neither FLY_CDR_MIGRATION nor FLY_HFJ_MIGRATION exists in the schemas "
                + "searched (public): there is no lock to clear.");

        LockTarget wanted = find(new DatabaseReport(null, "u", "p", "d", null, List.of(), List.of(missing,
                noLock(CDR))), HFJ, LOCK);
        assertThat(wanted.kind()).isEqualTo(Kind.NO_TABLE);
        assertThat(wanted.message()).startsWith("FLY_HFJ_MIGRATION does not exist in the schemas searched (none visible)");
    }

    @Test
    void tablesReadWithoutAnyLockAreGone() {
        LockTarget asked = find(database(noLock(HFJ), noLock(CDR)), null, LOCK);
        assertThat(asked.kind()).isEqualTo(Kind.GONE);
        assertThat(asked.table()).isNull();
        assertThat(asked.message()).isEqualTo("The lock " + LOCK + " is gone and no other lock is there "
                + "(FLY_HFJ_MIGRATION in public, FLY_CDR_MIGRATION in public read).");

        assertThat(find(database(noLock(HFJ)), HFJ, null).message()).startsWith("No lock row is there (");
    }

    @Test
    void aLockReleasedDuringTheWindowIsGoneAndSaysSo() {
        TableReport released = table(HFJ, "public", Verdict.NO_LOCK, null, lock(LOCK));

        LockTarget target = find(database(released), HFJ, LOCK);
        assertThat(target.kind()).isEqualTo(Kind.GONE);
        assertThat(target.message()).isEqualTo("The lock " + LOCK + " was released during the observe window and no "
                + "other lock is there.");
        assertThat(find(database(released), HFJ, OTHER).message()).startsWith("The lock " + OTHER + " is gone");
    }

    @Test
    void anotherLockIsNamedWithItsVerdict() {
        TableReport other = table(HFJ, "public", Verdict.ACTIVE, null, lock(OTHER));
        LockTarget target = find(database(other), HFJ, LOCK);

        assertThat(target.kind()).isEqualTo(Kind.OTHER_LOCK);
        assertThat(target.table()).isSameAs(other);
        assertThat(target.lock()).isNull();
        assertThat(target.message()).isEqualTo("The lock " + LOCK + " is gone, but FLY_HFJ_MIGRATION holds another lock "
                + "now, " + OTHER + ", whose verdict is ACTIVE: because");
    }

    @Test
    void aTableInSeveralSchemasNeedsASchema() {
        DatabaseReport twice = new DatabaseReport(null, "u", "p", "d", null, List.of("a", "b"), List.of(
                table(HFJ, "a", Verdict.NO_LOCK, null), table(HFJ, "b", Verdict.STALE, null, lock(LOCK))));

        assertThatThrownBy(() -> find(twice, null, LOCK)).isInstanceOf(InvalidInputException.class)
                .hasMessage("FLY_HFJ_MIGRATION exists in several schemas (a, b): give --schema to say which one");
    }
}
