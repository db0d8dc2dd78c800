package io.lockdoctor.core;

import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.spi.Observability;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about one lock, gathered before any verdict: the input of {@link VerdictRules}, in
 * the four parts the rules weigh (docs/evidence.md).
 *
 * @param lock the lock row at both ends of the observe window
 * @param window what the observe window found around it
 * @param age how old the lock is known to be, and how old it must be
 * @param context what qualifies the evidence without being observed: the dialect's standing, the logs
 */
record LockEvidence(Lock lock, Window window, Age age, Context context) {

    /** Below this an observe window proves nothing (docs/evidence.md). */
    public static final Duration MINIMUM_WINDOW = Duration.ofSeconds(1);

    public LockEvidence {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(context, "context");
    }

    /**
     * The lock row when the window began and when it ended.
     *
     * @param atStart the lock row when the window began (never null: without a lock there is nothing to judge)
     * @param atEnd the lock row when the window ended, null when it was gone
     */
    public record Lock(LockRow atStart, LockRow atEnd) {
        public Lock {
            Objects.requireNonNull(atStart, "atStart");
        }

        /** The row was deleted during the window: its migrator ended. */
        public boolean released() {
            return atEnd == null;
        }

        /** Another lock row took the place of the one seen at the start: the description is what HAPI matches on. */
        public boolean replaced() {
            return atEnd != null && !Objects.equals(atStart.description(), atEnd.description());
        }
    }

    /**
     * What the observe window found: how long it ran and everything it saw.
     *
     * @param requested the observe window asked for
     * @param observed how long sessions were actually sampled (zero when no window ran)
     * @param samples how many session samples were taken
     * @param observability whether every other session could be seen
     * @param sessions every other session seen during the window, with what it means
     * @param historyChanges rows of the history table (lock row aside) added, changed or removed, described
     * @param writes how far the write counters of the database's tables rose during the window (rows on
     *        PostgreSQL, modifications on H2), when the database keeps any, and how much of it is explained
     */
    public record Window(
            Duration requested,
            Duration observed,
            int samples,
            Observability observability,
            List<SessionFinding> sessions,
            List<String> historyChanges,
            WriteEvidence writes) {

        public Window {
            Objects.requireNonNull(observability, "observability");
            Objects.requireNonNull(writes, "writes");
            sessions = List.copyOf(sessions);
            historyChanges = List.copyOf(historyChanges);
        }
    }

    /**
     * The facts that bound the lock's age, and the minimum it must reach.
     *
     * @param databaseBound the age bound from installed_on on the database clock
     * @param logAcquiredAt when a log shows the lock being taken, with a known offset
     * @param now the database clock at the end of the window
     * @param minimum the minimum age a STALE lock must have
     */
    public record Age(AgeBound databaseBound, Optional<Instant> logAcquiredAt, Instant now, Duration minimum) {
        public Age {
            Objects.requireNonNull(databaseBound, "databaseBound");
        }

        /** The best lower bound on the lock's age: the database's, or the log's exact time when later known. */
        public Duration atLeast() {
            Duration fromLog = logAcquiredAt.map(t -> Duration.between(t, now)).filter(d -> !d.isNegative())
                    .orElse(Duration.ZERO);
            return fromLog.compareTo(databaseBound.atLeast()) > 0 ? fromLog : databaseBound.atLeast();
        }
    }

    /**
     * What qualifies the evidence without being observed in the window.
     *
     * @param unverifiedDialect the product name when its dialect was never run against a real server
     * @param logNotes what the logs say about this lock (already phrased)
     */
    public record Context(Optional<String> unverifiedDialect, List<String> logNotes) {
        public Context {
            logNotes = List.copyOf(logNotes);
        }
    }
}
