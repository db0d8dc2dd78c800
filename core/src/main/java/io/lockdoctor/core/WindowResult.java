package io.lockdoctor.core;

import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.spi.Observability;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one observe window over a database found.
 *
 * @param observed how long sessions were sampled
 * @param locksAtEnd per table, the lock row at the end of the window (absent key: gone)
 * @param historyChanges per table, what changed in its history during the window
 * @param now the database clock at the end
 */
record WindowResult(
        Duration observed,
        int samples,
        Observability observability,
        List<SessionFinding> sessions,
        Map<TableLocation, LockRow> locksAtEnd,
        Map<TableLocation, List<String>> historyChanges,
        WriteEvidence writes,
        Instant now) {

    public WindowResult {
        sessions = List.copyOf(sessions);
        locksAtEnd = Map.copyOf(locksAtEnd);
        historyChanges = Map.copyOf(historyChanges);
    }
}
