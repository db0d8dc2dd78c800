package io.lockdoctor.core;

import io.lockdoctor.core.model.HistoryColumn;
import io.lockdoctor.core.model.MigrationTable;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Structural checks on a history table, through {@link DatabaseMetaData}. */
final class TableChecks {
    private TableChecks() {
    }

    /**
     * Whether a unique index (or primary key) covers exactly {@code installed_rank}: the only
     * mutual exclusion HAPI's lock row has.
     */
    public static boolean hasUniqueRankIndex(DatabaseSession session, MigrationTable table) {
        String rank = table.column(HistoryColumn.INSTALLED_RANK);
        try {
            DatabaseMetaData metaData = session.connection().getMetaData();
            boolean catalogs = session.dialect().namespacesAreCatalogs();
            Map<String, Set<String>> columnsByIndex = new HashMap<>();
            String schema = catalogs ? null : table.location().schema();
            session.catalog("getIndexInfo(" + MigrationTableFinder.quoted(table.location().catalog()) + ", "
                    + MigrationTableFinder.quoted(schema) + ", " + MigrationTableFinder.quoted(table.location().name())
                    + ", true, true)", () -> {
                        try (ResultSet rs = metaData.getIndexInfo(table.location().catalog(), schema,
                                table.location().name(), true, true)) {
                            while (rs.next()) {
                                String index = rs.getString("INDEX_NAME");
                                String column = rs.getString("COLUMN_NAME");
                                if (index != null && column != null && !rs.getBoolean("NON_UNIQUE")) {
                                    columnsByIndex.computeIfAbsent(index, k -> new HashSet<>()).add(column);
                                }
                            }
                        }
                        return null;
                    });
            return columnsByIndex.values().stream().anyMatch(cols -> cols.size() == 1 && cols.contains(rank));
        } catch (SQLException | RuntimeException e) {
            throw SqlErrors.translate("read the indexes of " + table.location().displayName() + " in "
                    + session.description(), e, session.settings());
        }
    }
}
