package io.lockdoctor.core.inspect;

import io.lockdoctor.core.evidence.SessionFinding;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.FailedMigration;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.verdict.AgeBound;
import io.lockdoctor.core.verdict.Verdict;
import java.time.Duration;
import java.util.List;

/**
 * What {@code status} says about one history table (or about a known table that was not found).
 *
 * @param schema where it was found (exact spelling), null when it was not found
 * @param lock the lock row, null when there is none (the first one if the unique index is missing)
 * @param lockAge the database's age bound of {@code lock}, null without a lock
 * @param lockAgeAtLeast the best age bound (the log's exact time when it gives one), null without a lock
 * @param sessions the sessions that weighed on the verdict, with the command that would end each
 * @param settleBy for UNCERTAIN, what would settle it
 * @param error what failed while reading this table, null when nothing did
 * @param lockRows every lock row read at the start, {@code lock} first; more than one only without the unique
 *     index on {@code installed_rank}. Empty both when there is none and when they could not be read: see
 *     {@link #lockKnown()}
 */
public record TableReport(
        KnownTable table,
        String schema,
        boolean exists,
        long migrations,
        String latestVersion,
        List<FailedMigration> failedMigrations,
        LockRow lock,
        AgeBound lockAge,
        Duration lockAgeAtLeast,
        Verdict verdict,
        String reason,
        List<Evidence> evidence,
        List<SessionFinding> sessions,
        List<Advice> settleBy,
        String error,
        List<LockRow> lockRows) {

    public TableReport {
        failedMigrations = List.copyOf(failedMigrations);
        evidence = List.copyOf(evidence);
        sessions = List.copyOf(sessions);
        settleBy = List.copyOf(settleBy);
        lockRows = lockRows == null || lockRows.isEmpty() ? (lock == null ? List.of() : List.of(lock))
                : List.copyOf(lockRows);
    }

    /** A report whose only lock row, if any, is {@code lock}. */
    public TableReport(KnownTable table, String schema, boolean exists, long migrations, String latestVersion,
            List<FailedMigration> failedMigrations, LockRow lock, AgeBound lockAge, Duration lockAgeAtLeast,
            Verdict verdict, String reason, List<Evidence> evidence, List<SessionFinding> sessions,
            List<Advice> settleBy, String error) {
        this(table, schema, exists, migrations, latestVersion, failedMigrations, lock, lockAge, lockAgeAtLeast, verdict,
                reason, evidence, sessions, settleBy, error, List.of());
    }

    /**
     * Whether the lock rows were read, so that no {@link #lock()} means there is none. Only a
     * NO_LOCK verdict says that: a table locked by another session (ACTIVE) or one that could not
     * be read (ERROR) has no lock shown because nothing could be read, and whether it holds one is
     * unknown. Every "the lock is gone" decision must ask this first.
     */
    public boolean lockKnown() {
        return lock != null || (verdict == Verdict.NO_LOCK && error == null);
    }

    /** The same report judged {@code verdict} for {@code reason}, e.g. a doubt found after the inspection. */
    public TableReport withVerdict(Verdict newVerdict, String newReason, List<Advice> newSettleBy) {
        return new TableReport(table, schema, exists, migrations, latestVersion, failedMigrations, lock, lockAge,
                lockAgeAtLeast, newVerdict, newReason, evidence, sessions, newSettleBy, error, lockRows);
    }

    static TableReport missing(KnownTable table) {
        return new TableReport(table, null, false, 0, null, List.of(), null, null, null, Verdict.NO_LOCK,
                table.name() + " does not exist in the schemas searched.", List.of(), List.of(), List.of(), null);
    }

    static TableReport failed(KnownTable table, String schema, String error) {
        return new TableReport(table, schema, true, 0, null, List.of(), null, null, null, Verdict.ERROR,
                "The table could not be read: " + error, List.of(), List.of(), List.of(), error);
    }
}
