package io.lockdoctor.core.model;

import java.sql.Types;
import java.util.EnumMap;
import java.util.Map;

/**
 * A history table found through {@link java.sql.DatabaseMetaData}, with its columns as the catalog
 * spells them and the JDBC type of {@code installed_on} (DATE when HAPI created the table,
 * TIMESTAMP when Flyway did).
 */
public record MigrationTable(TableLocation location, Map<HistoryColumn, String> columnNames, int installedOnType) {

    public MigrationTable {
        columnNames = Map.copyOf(new EnumMap<>(columnNames));
    }

    // Written out for the reason TableLocation gives: a map key on every run.
    @Override
    public boolean equals(Object other) {
        return other instanceof MigrationTable o && location.equals(o.location) && columnNames.equals(o.columnNames)
                && installedOnType == o.installedOnType;
    }

    @Override
    public int hashCode() {
        return (location.hashCode() * 31 + columnNames.hashCode()) * 31 + installedOnType;
    }

    public String column(HistoryColumn column) {
        String name = columnNames.get(column);
        if (name == null) {
            throw new IllegalStateException(location.displayName() + " has no column " + column.canonicalName());
        }
        return name;
    }

    /** True for Flyway's shape: TIMESTAMP {@code installed_on}. */
    public boolean installedOnIsTimestamp() {
        return installedOnType == Types.TIMESTAMP || installedOnType == Types.TIMESTAMP_WITH_TIMEZONE;
    }

    public boolean hasResultColumn() {
        return columnNames.containsKey(HistoryColumn.RESULT);
    }
}
