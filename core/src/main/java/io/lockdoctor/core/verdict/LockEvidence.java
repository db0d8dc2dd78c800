package io.lockdoctor.core.verdict;

import io.lockdoctor.core.evidence.SessionFinding;
import io.lockdoctor.core.evidence.WriteEvidence;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.spi.Observability;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything known about one lock, gathered before any verdict: the input of {@link VerdictRules}.
 *
 * @param lockAtStart the lock row when the window began (never null: without a lock there is nothing to judge)
 * @param lockAtEnd the lock row when the window ended, null when it was gone
 * @param observeRequested the observe window asked for
 * @param observed how long sessions were actually sampled (zero when no window ran)
 * @param samples how many session samples were taken
 * @param observability whether every other session could be seen
 * @param sessions every other session seen during the window, with what it means
 * @param historyChanges rows of the history table (lock row aside) added, changed or removed, described
 * @param writes how far the write counters of the database's tables rose during the window (rows on
 *        PostgreSQL, modifications on H2), when the database keeps any, and how much of it is explained
 * @param databaseAge the age bound from installed_on on the database clock
 * @param logAcquiredAt when a log shows the lock being taken, with a known offset
 * @param now the database clock at the end of the window
 * @param minAge the minimum age a STALE lock must have
 * @param unverifiedDialect the product name when its dialect was never run against a real server
 * @param logNotes what the logs say about this lock (already phrased)
 */
public record LockEvidence(
        LockRow lockAtStart,
        LockRow lockAtEnd,
        Duration observeRequested,
        Duration observed,
        int samples,
        Observability observability,
        List<SessionFinding> sessions,
        List<String> historyChanges,
        WriteEvidence writes,
        AgeBound databaseAge,
        Optional<Instant> logAcquiredAt,
        Instant now,
        Duration minAge,
        Optional<String> unverifiedDialect,
        List<String> logNotes) {

    /** Below this an observe window proves nothing (docs/evidence.md). */
    public static final Duration MINIMUM_WINDOW = Duration.ofSeconds(1);

    public LockEvidence {
        Objects.requireNonNull(lockAtStart, "lockAtStart");
        Objects.requireNonNull(observability, "observability");
        Objects.requireNonNull(databaseAge, "databaseAge");
        Objects.requireNonNull(writes, "writes");
        sessions = List.copyOf(sessions);
        historyChanges = List.copyOf(historyChanges);
        logNotes = List.copyOf(logNotes);
    }

    /** The best lower bound on the lock's age: the database's, or the log's exact time when later known. */
    public Duration ageAtLeast() {
        Duration fromLog = logAcquiredAt.map(t -> Duration.between(t, now)).filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
        return fromLog.compareTo(databaseAge.atLeast()) > 0 ? fromLog : databaseAge.atLeast();
    }
}
