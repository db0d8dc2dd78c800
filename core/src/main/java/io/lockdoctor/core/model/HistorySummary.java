package io.lockdoctor.core.model;

import java.util.List;

/**
 * What {@code status} reads of one history table, with aggregate queries only.
 *
 * @param migrations task rows ({@code installed_rank > 0}), failed ones included
 * @param latestVersion version of the most recent successful task row, null when there is none
 * @param locks lock rows; more than one only when the unique index on {@code installed_rank} is missing
 */
public record HistorySummary(
        TableLocation table, long migrations, String latestVersion, List<FailedMigration> failedMigrations,
        List<LockRow> locks) {

    public HistorySummary {
        failedMigrations = List.copyOf(failedMigrations);
        locks = List.copyOf(locks);
    }
}
