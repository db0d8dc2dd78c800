package io.lockdoctor.core;

import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.Terms;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What to inspect, and how hard to look.
 *
 * @param schema one schema to search, or empty for every schema the account can see
 * @param tables the known tables to look for (both when empty)
 * @param writerZone the time zone of the HAPI JVMs that wrote the table, when known: narrows the age bound
 * @param observe the observe window, minimum age, long-statement bound and the terms they are named in
 * @param logs what the server logs given say about locks
 */
public record InspectionOptions(Optional<String> schema, Set<KnownTable> tables, Optional<ZoneId> writerZone,
        ObserveOptions observe, LogFacts logs) {

    public InspectionOptions {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(writerZone, "writerZone");
        Objects.requireNonNull(observe, "observe");
        Objects.requireNonNull(logs, "logs");
        tables = Set.copyOf(tables.isEmpty() ? EnumSet.allOf(KnownTable.class) : EnumSet.copyOf(tables));
    }

    /** With the default observe window (10 s), minimum age (10 min) and long-statement bound (5 min). */
    public InspectionOptions(Optional<String> schema, Set<KnownTable> tables, Optional<ZoneId> writerZone) {
        this(schema, tables, writerZone, ObserveOptions.defaults(), LogFacts.NONE);
    }

    /** Every schema, both tables, the defaults of the README's usage. */
    public static InspectionOptions defaults() {
        return new InspectionOptions(Optional.empty(), Set.of(), Optional.empty());
    }

    public InspectionOptions withObserve(Duration window) {
        return new InspectionOptions(schema, tables, writerZone, observe.observing(window), logs);
    }

    public InspectionOptions withMinAge(Duration minAge) {
        return new InspectionOptions(schema, tables, writerZone, observe.requiringAge(minAge), logs);
    }

    public InspectionOptions withExcludedClients(List<ClientExclusion> clients) {
        return new InspectionOptions(schema, tables, writerZone, observe.excluding(clients), logs);
    }

    /** What the caller calls its settings, for reasons and refusals that point at them. */
    public Terms terms() {
        return observe.terms();
    }

    /** The tables in a stable order (the enum's), for reports. */
    Set<KnownTable> orderedTables() {
        return EnumSet.copyOf(tables);
    }
}
