package io.lockdoctor.core.clear;

import io.lockdoctor.core.inspect.InspectionOptions;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockUuid;
import java.util.Objects;
import java.util.Set;

/**
 * Which lock row to remove, and how carefully.
 *
 * @param table the history table holding it
 * @param uuid the lock's description; validated as a canonical UUID and lower-cased
 * @param force allow an UNCERTAIN verdict (never an ACTIVE one); recorded in the audit
 * @param dryRun show the verdict, the statements and the restore statement; change nothing
 * @param evidence how the verdict is reached before anything is changed (observe window, --min-age, logs)
 */
public record ClearRequest(KnownTable table, String uuid, boolean force, boolean dryRun, InspectionOptions evidence) {

    public ClearRequest {
        Objects.requireNonNull(table, "table");
        uuid = LockUuid.require(uuid);
        Objects.requireNonNull(evidence, "evidence");
        evidence = new InspectionOptions(evidence.schema(), Set.of(table), evidence.writerZone(), evidence.observe(),
                evidence.logs());
    }
}
