package io.lockdoctor.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Aggregates over the non-lock rows of a history table. HAPI only ever inserts task rows, so a
 * change in any of these is a migration making progress.
 */
record HistoryFingerprint(long rows, Integer maxRank, long executionTimeSum, long successCount) {

    /** What changed from {@code before} to this, in words; empty when nothing did. */
    public List<String> changesSince(HistoryFingerprint before) {
        List<String> changes = new ArrayList<>();
        if (rows != before.rows) {
            changes.add((rows > before.rows ? rows - before.rows + " rows added" : before.rows - rows + " rows removed")
                    + " (" + before.rows + " -> " + rows + ")");
        }
        if (!java.util.Objects.equals(maxRank, before.maxRank)) {
            changes.add("highest installed_rank " + before.maxRank + " -> " + maxRank);
        }
        if (rows == before.rows && (executionTimeSum != before.executionTimeSum || successCount != before.successCount)) {
            changes.add("existing rows changed (execution_time or success)");
        }
        return changes;
    }
}
