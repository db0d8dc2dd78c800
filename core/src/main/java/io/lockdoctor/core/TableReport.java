package io.lockdoctor.core;

import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.FailedMigration;
import io.lockdoctor.core.model.HistorySummary;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.MigrationTable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code status} says about one history table: where it was looked for and what was found
 * there, one of five {@link State}s, each holding only what it has. The accessors give every
 * report the same flat view for rendering (empty lists and nulls where a state has nothing).
 *
 * @param schema where it was found (exact spelling), null when it was not found
 */
public record TableReport(KnownTable table, String schema, State state) {

    public TableReport {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(state, "state");
    }

    /** What was found of a known table. */
    public sealed interface State permits Missing, Unreadable, HeldByAnotherSession, Unlocked, Locked {
        Verdict verdict();

        /** One sentence that says why, naming {@code table} where the state does not know it. */
        String reason(KnownTable table);

        /** Every piece of evidence behind the verdict, and the table's damage. */
        default List<Evidence> evidence() {
            return List.of();
        }

        /** The sessions that weighed on the verdict, with the command that would end each. */
        default List<SessionFinding> sessions() {
            return List.of();
        }
    }

    /** Not in the schemas searched. */
    public record Missing() implements State {
        @Override
        public Verdict verdict() {
            return Verdict.NO_LOCK;
        }

        @Override
        public String reason(KnownTable table) {
            return table.name() + " does not exist in the schemas searched.";
        }
    }

    /** Found, but it (or its lock rows) could not be read: whether it holds a lock is unknown. */
    public record Unreadable(String error) implements State {
        public Unreadable {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Verdict verdict() {
            return Verdict.ERROR;
        }

        @Override
        public String reason(KnownTable table) {
            return "The table could not be read: " + error;
        }
    }

    /**
     * Not readable within the timeout because another session locks it, and that session was found:
     * HAPI's migrator locks the history table only while migrating, so this is ACTIVE. Its lock rows
     * are unknown.
     */
    public record HeldByAnotherSession(String reason, List<Evidence> evidence, List<SessionFinding> sessions)
            implements State {
        public HeldByAnotherSession {
            Objects.requireNonNull(reason, "reason");
            evidence = List.copyOf(evidence);
            sessions = List.copyOf(sessions);
        }

        @Override
        public Verdict verdict() {
            return Verdict.ACTIVE;
        }

        @Override
        public String reason(KnownTable table) {
            return reason;
        }
    }

    /** Read whole, and no lock row: {@code hygiene} is the table's damage, if any. */
    public record Unlocked(HistorySummary history, List<Evidence> hygiene) implements State {
        public Unlocked {
            Objects.requireNonNull(history, "history");
            hygiene = List.copyOf(hygiene);
        }

        @Override
        public Verdict verdict() {
            return Verdict.NO_LOCK;
        }

        @Override
        public String reason(KnownTable table) {
            return "No lock row in " + history.table().displayName() + ".";
        }

        @Override
        public List<Evidence> evidence() {
            return hygiene;
        }
    }

    /**
     * Read whole, with at least one lock row ({@code history.locks()}, the judged one first; more
     * than one only without the unique index on {@code installed_rank}), judged.
     *
     * @param source the table as found, with its columns as the catalog spells them: what a clear
     *     reads and deletes from, without looking for the table again
     * @param age the database's age bound of the first lock row
     * @param ageAtLeast the best age bound (the log's exact time when it gives one)
     * @param assessment the verdict, its reason, its evidence (the table's damage included) and what would settle it
     */
    public record Locked(MigrationTable source, HistorySummary history, AgeBound age, Duration ageAtLeast,
            Assessment assessment, List<SessionFinding> sessions) implements State {
        public Locked {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(history, "history");
            if (history.locks().isEmpty()) {
                throw new IllegalArgumentException("a locked table has a lock row");
            }
            Objects.requireNonNull(assessment, "assessment");
            sessions = List.copyOf(sessions);
        }

        @Override
        public Verdict verdict() {
            return assessment.verdict();
        }

        @Override
        public String reason(KnownTable table) {
            return assessment.reason();
        }

        @Override
        public List<Evidence> evidence() {
            return assessment.evidence();
        }

        LockRow lock() {
            return history.locks().get(0);
        }
    }

    static TableReport missing(KnownTable table) {
        return new TableReport(table, null, new Missing());
    }

    static TableReport failed(KnownTable table, String schema, String error) {
        return new TableReport(table, schema, new Unreadable(error));
    }

    public boolean exists() {
        return !(state instanceof Missing);
    }

    public Verdict verdict() {
        return state.verdict();
    }

    public String reason() {
        return state.reason(table);
    }

    public List<Evidence> evidence() {
        return state.evidence();
    }

    public List<SessionFinding> sessions() {
        return state.sessions();
    }

    /** For UNCERTAIN, what would settle it. */
    public List<Advice> settleBy() {
        return locked().map(l -> l.assessment().settleBy()).orElse(List.of());
    }

    /** What failed while reading this table, null when nothing did. */
    public String error() {
        return state instanceof Unreadable unreadable ? unreadable.error() : null;
    }

    /** The lock row judged, null when there is none or none could be read (see {@link #lockKnown()}). */
    public LockRow lock() {
        return locked().map(Locked::lock).orElse(null);
    }

    /** Every lock row read, {@link #lock()} first; empty both when there is none and when they could not be read. */
    public List<LockRow> lockRows() {
        return locked().map(l -> l.history().locks()).orElse(List.of());
    }

    /** The database's age bound of {@link #lock()}, null without one. */
    public AgeBound lockAge() {
        return locked().map(Locked::age).orElse(null);
    }

    /** The best age bound of {@link #lock()} (the log's exact time when it gives one), null without one. */
    public Duration lockAgeAtLeast() {
        return locked().map(Locked::ageAtLeast).orElse(null);
    }

    public long migrations() {
        return history().map(HistorySummary::migrations).orElse(0L);
    }

    /** The version of the most recent successful task row, null when there is none or it was not read. */
    public String latestVersion() {
        return history().map(HistorySummary::latestVersion).orElse(null);
    }

    public List<FailedMigration> failedMigrations() {
        return history().map(HistorySummary::failedMigrations).orElse(List.of());
    }

    /**
     * Whether the lock rows were read, so that no {@link #lock()} means there is none. A table held
     * by another session (ACTIVE) or one that could not be read (ERROR) has no lock shown because
     * nothing could be read, and whether it holds one is unknown. Every "the lock is gone" decision
     * must ask this first.
     */
    public boolean lockKnown() {
        return state instanceof Locked || state instanceof Unlocked || state instanceof Missing;
    }

    /**
     * The same locked table judged {@code verdict} for {@code reason}, e.g. a doubt found after the
     * inspection; the evidence stays.
     *
     * @throws IllegalStateException when the table holds no judged lock
     */
    TableReport withVerdict(Verdict newVerdict, String newReason, List<Advice> newSettleBy) {
        if (!(state instanceof Locked locked)) {
            throw new IllegalStateException("only a locked table's verdict can change, not " + state);
        }
        Assessment assessment = new Assessment(newVerdict, newReason, locked.assessment().evidence(), newSettleBy);
        return new TableReport(table, schema, new Locked(locked.source(), locked.history(), locked.age(),
                locked.ageAtLeast(), assessment, locked.sessions()));
    }

    private Optional<Locked> locked() {
        return state instanceof Locked locked ? Optional.of(locked) : Optional.empty();
    }

    /** The history read, for a table read whole (locked or not). */
    private Optional<HistorySummary> history() {
        if (state instanceof Unlocked unlocked) {
            return Optional.of(unlocked.history());
        }
        return locked().map(Locked::history);
    }
}
