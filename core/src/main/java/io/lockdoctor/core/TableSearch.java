package io.lockdoctor.core;

import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.model.TableLocation;
import java.util.List;

/**
 * The outcome of looking for history tables: the schemas searched (for the "none found" message),
 * the usable tables, and tables with a known name but without the history columns.
 */
public record TableSearch(List<String> schemasSearched, List<MigrationTable> tables, List<UnusableTable> unusable) {

    public TableSearch {
        schemasSearched = List.copyOf(schemasSearched);
        tables = List.copyOf(tables);
        unusable = List.copyOf(unusable);
    }

    /** A table named like a history table that lacks columns lockdoctor needs. */
    public record UnusableTable(TableLocation location, String problem) {
    }
}
