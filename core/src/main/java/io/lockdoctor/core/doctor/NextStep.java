package io.lockdoctor.core.doctor;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.KnownTable;
import java.util.Objects;

/**
 * One next step of a {@link Diagnosis}, as data: the caller words it, and writes the commands it
 * names in its own terms (the command line with the options that reach {@code database} again).
 *
 * @param database the database the step concerns, null when it concerns none in particular
 * @param scoped true when the diagnosis covers several databases, so the step must say which
 * @param action what to do
 */
public record NextStep(DatabaseReport database, boolean scoped, Action action) {

    public NextStep {
        Objects.requireNonNull(action, "action");
    }

    /** What a next step asks for. */
    public sealed interface Action {
    }

    /** Several lock rows and no unique index: find which process took each, clear the stale ones forced. */
    public record ClearEachLock(KnownTable table, int lockRows, String judged) implements Action {
    }

    /** A lock row HAPI did not write: never through HAPI's variable; delete exactly that row, audited. */
    public record ClearByDescription(KnownTable table, String description) implements Action {
    }

    /** A node waits for the lock now: deleting the row lets it take the lock at once. */
    public record ClearForWaitingNode(KnownTable table, String uuid, String waiter) implements Action {
    }

    /** Start one node once with HAPI's CLEAR_LOCK_TABLE_WITH_DESCRIPTION set to {@code uuid}. */
    public record StartOneNodeWithVariable(String uuid) implements Action {
    }

    /** Remove the variable again after that start. */
    public record RemoveVariableAfterStart() implements Action {
    }

    /** Or delete the lock row yourself, audited, with its restore statement. */
    public record ClearYourself(KnownTable table, String uuid) implements Action {
    }

    /** A migration runs: wait for it, following the table's status. */
    public record FollowMigration(KnownTable table) implements Action {
    }

    /** An UNCERTAIN verdict: what would settle it. */
    public record Settle(Advice advice) implements Action {
    }

    /** A table that could not be read: fix why, then diagnose again. */
    public record FixUnreadableTable(KnownTable table, String schema, String why) implements Action {
    }

    /** The database could not be reached: fix that, then diagnose again. */
    public record FixConnection() implements Action {
    }

    /** No history table where lockdoctor looked: point it at the failing module's database. */
    public record PointAtDatabase(String module) implements Action {
    }

    /** Nothing holds a lock: start the server again. */
    public record StartServerAgain() implements Action {
    }
}
