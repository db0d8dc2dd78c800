package io.lockdoctor.core.inspect;

import io.lockdoctor.core.model.KnownTable;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What to inspect.
 *
 * @param schema one schema to search, or empty for every schema the account can see
 * @param tables the known tables to look for (both by default)
 * @param writerZone the time zone of the HAPI JVMs that wrote the table, when known: narrows the age bound
 */
public record InspectionOptions(Optional<String> schema, Set<KnownTable> tables, Optional<ZoneId> writerZone) {
    public InspectionOptions {
        tables = tables.isEmpty() ? EnumSet.allOf(KnownTable.class) : EnumSet.copyOf(tables);
        tables = Set.copyOf(tables);
    }

    public static InspectionOptions defaults() {
        return new InspectionOptions(Optional.empty(), Set.of(), Optional.empty());
    }

    /** The tables in a stable order (the enum's), for reports. */
    public Set<KnownTable> orderedTables() {
        return EnumSet.copyOf(tables);
    }
}
