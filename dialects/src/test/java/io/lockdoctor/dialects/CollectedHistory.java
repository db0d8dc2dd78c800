package io.lockdoctor.dialects;

import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.core.model.MigrationTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link LockDoctor.HistorySink} that keeps every row, by table, for assertions. */
final class CollectedHistory implements LockDoctor.HistorySink {
    private final Map<MigrationTable, List<MigrationRow>> rows = new LinkedHashMap<>();
    private MigrationTable current;

    @Override
    public void beginTable(MigrationTable table) {
        current = table;
        rows.put(table, new ArrayList<>());
    }

    @Override
    public void row(MigrationRow row) {
        rows.get(current).add(row);
    }

    @Override
    public void endTable(MigrationTable table) {
        current = null;
    }

    List<MigrationTable> tables() {
        return List.copyOf(rows.keySet());
    }

    /** The rows of {@code kind} in {@code schema}; fails when that table was not read. */
    List<MigrationRow> rows(KnownTable kind, String schema) {
        return rows.entrySet().stream()
                .filter(e -> e.getKey().location().kind() == kind && schema.equals(e.getKey().location().schema()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(kind + " in " + schema + " was not read; read: " + rows.keySet()));
    }

    MigrationRow row(KnownTable kind, String schema, int installedRank) {
        return rows(kind, schema).stream()
                .filter(r -> r.installedRank() == installedRank)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + installedRank + " in " + kind + " of " + schema));
    }
}
