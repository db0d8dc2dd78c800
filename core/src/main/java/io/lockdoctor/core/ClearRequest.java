package io.lockdoctor.core;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockUuid;
import java.util.Objects;
import java.util.Set;

/**
 * Which lock row to remove, and how carefully.
 *
 * @param table the history table holding it
 * @param uuid the lock's description: a canonical UUID (any case, lower-cased here) for HAPI's lock;
 *        any other text names a lock row HAPI did not write by its exact description (1 to 200
 *        characters, as the column holds), which is only ever matched exactly and bound as a value
 * @param force allow an UNCERTAIN verdict (never an ACTIVE one); recorded in the audit
 * @param dryRun show the verdict, the statements and the restore statement; change nothing
 * @param evidence how the verdict is reached before anything is changed (observe window, minimum age, logs)
 */
public record ClearRequest(KnownTable table, String uuid, boolean force, boolean dryRun, InspectionOptions evidence) {

    public ClearRequest {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(uuid, "uuid");
        if (uuid.isEmpty() || uuid.length() > 200) {
            throw new InvalidInputException("a lock's description is 1 to 200 characters, as the column holds");
        }
        uuid = LockUuid.parse(uuid).orElse(uuid);
        Objects.requireNonNull(evidence, "evidence");
        evidence = new InspectionOptions(evidence.schema(), Set.of(table), evidence.writerZone(), evidence.observe(),
                evidence.logs());
    }
}
