package io.lockdoctor.core.inspect;

import io.lockdoctor.core.model.FailedMigration;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.verdict.AgeBound;
import io.lockdoctor.core.verdict.Evidence;
import io.lockdoctor.core.verdict.Verdict;
import java.util.List;

/**
 * What {@code status} says about one history table (or about a known table that was not found).
 *
 * @param table the known table
 * @param schema where it was found (exact spelling), null when it was not found
 * @param exists whether it was found
 * @param lock the lock row, null when there is none (the first one if the index is missing)
 * @param lockAge the age bound of {@code lock}, null without a lock
 * @param error what failed while reading this table, null when nothing did
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
        Verdict verdict,
        String reason,
        List<Evidence> evidence,
        String error) {

    public TableReport {
        failedMigrations = List.copyOf(failedMigrations);
        evidence = List.copyOf(evidence);
    }

    static TableReport missing(KnownTable table) {
        return new TableReport(table, null, false, 0, null, List.of(), null, null, Verdict.NO_LOCK,
                table.name() + " does not exist in the schemas searched.", List.of(), null);
    }

    static TableReport failed(KnownTable table, String schema, String error) {
        return new TableReport(table, schema, true, 0, null, List.of(), null, null, Verdict.ERROR,
                "The table could not be read: " + error, List.of(), error);
    }
}
