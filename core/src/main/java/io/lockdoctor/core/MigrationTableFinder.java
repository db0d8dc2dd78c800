package io.lockdoctor.core;

import io.lockdoctor.core.model.HistoryColumn;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.RowMapper;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds history tables through {@link DatabaseMetaData}, never by assumption: in every schema the
 * account can see (or the one given), under the exact spelling the catalog uses, with the columns
 * the catalog reports.
 */
final class MigrationTableFinder {

    /**
     * @param schema restricts the search to one schema (matched exactly, else case-insensitively)
     * @param wanted the known tables to look for
     */
    public TableSearch find(DatabaseSession session, Optional<String> schema, Collection<KnownTable> wanted) {
        try {
            DatabaseMetaData metaData = session.connection().getMetaData();
            Dialect dialect = session.dialect();
            List<String> visible = namespaces(session, metaData, dialect);
            List<String> searched = schema.map(s -> List.of(resolveSchema(s, visible, session))).orElse(visible);
            Set<String> searchedSet = new LinkedHashSet<>(searched);

            Map<String, TableLocation> found = new LinkedHashMap<>();
            // As HAPI spells them, and as an unquoted CREATE TABLE leaves them on PostgreSQL.
            Set<List<String>> spellings = new LinkedHashSet<>(List.of(
                    wanted.stream().map(KnownTable::name).toList(),
                    wanted.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).toList()));
            for (List<String> names : spellings) {
                if (!names.isEmpty()) {
                    collectTables(session, metaData, dialect, wanted, names, searchedSet, found);
                }
            }
            List<MigrationTable> tables = new ArrayList<>();
            List<TableSearch.UnusableTable> unusable = new ArrayList<>();
            for (TableLocation location : inWantedOrder(found.values(), wanted)) {
                describe(session, metaData, dialect, location, tables, unusable);
            }
            if (found.isEmpty()) {
                String probed = schema.isPresent() ? searched.get(0)
                        : dialect.namespacesAreCatalogs() ? session.connection().getCatalog()
                                : session.connection().getSchema();
                if (probed != null) {
                    wanted.forEach(table -> notListedButUnreadable(session, probed, table).ifPresent(unusable::add));
                }
            }
            return new TableSearch(searched, tables, unusable);
        } catch (SQLException | RuntimeException e) {
            throw SqlErrors.translate("look for the history tables in " + session.description(), e, session.settings());
        }
    }

    /**
     * Where the catalog lists only what the account may use (MariaDB/MySQL, H2, SQL Server,
     * Oracle), a table the account has no privilege on is not listed at all: "not found" must not
     * be taken from the catalog alone. Asking for the table directly tells "does not exist" apart
     * from "may not be read" (MariaDB/MySQL answer a missing table with "does not exist" only to an
     * account with rights on the database); anything but "does not exist" is reported, never absent.
     */
    private static Optional<TableSearch.UnusableTable> notListedButUnreadable(DatabaseSession session, String schema,
            KnownTable table) {
        String from;
        try {
            from = session.dialect().qualify(schema, table.name());
        } catch (InvalidInputException notAName) {
            return Optional.empty();
        }
        TableLocation location = new TableLocation(null, schema, table.name(), table);
        try {
            session.sql().first("SELECT 1 FROM " + from + " WHERE 1 = 0", RowMapper.INTEGER);
            return Optional.of(new TableSearch.UnusableTable(location, location.displayName() + " can be queried but "
                    + "the database's catalog does not list it to this account, so lockdoctor cannot read its columns: "
                    + "grant the account SELECT on it"));
        } catch (RuntimeException e) {
            if (SqlErrors.isUndefinedTable(e)) {
                return Optional.empty();
            }
            return Optional.of(new TableSearch.UnusableTable(location, "whether " + location.displayName()
                    + " exists could not be told (the database lists only the tables an account may use): "
                    + SqlErrors.translate("read " + location.displayName(), e, session.settings()).getMessage()));
        }
    }

    private static List<String> namespaces(DatabaseSession session, DatabaseMetaData metaData, Dialect dialect)
            throws SQLException {
        return session.catalog(dialect.namespacesAreCatalogs() ? "getCatalogs()" : "getSchemas()", () -> {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = dialect.namespacesAreCatalogs() ? metaData.getCatalogs() : metaData.getSchemas()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if (name != null && !dialect.isSystemSchema(name)) {
                        names.add(name);
                    }
                }
            }
            return names;
        });
    }

    private static String resolveSchema(String requested, List<String> visible, DatabaseSession session) {
        if (visible.contains(requested)) {
            return requested;
        }
        List<String> caseInsensitive = visible.stream().filter(v -> v.equalsIgnoreCase(requested)).toList();
        if (caseInsensitive.size() == 1) {
            return caseInsensitive.get(0);
        }
        if (caseInsensitive.isEmpty()) {
            // Reported like an empty schema: the caller exits 6 listing what was searched.
            return requested;
        }
        throw new InvalidInputException(session.settings().terms().schema() + " " + requested + " matches several schemas of "
                + session.description() + " that differ only in case (" + String.join(", ", caseInsensitive)
                + "); give the exact spelling");
    }

    /**
     * One catalog call for every wanted table in one spelling ({@code names}): the pattern their common
     * beginning and end make ({@code FLY\_%\_MIGRATION}), or the one name exactly. Rows of other names
     * that match it are left out here.
     */
    private static void collectTables(DatabaseSession session, DatabaseMetaData metaData, Dialect dialect,
            Collection<KnownTable> wanted, List<String> names, Set<String> searched, Map<String, TableLocation> found)
            throws SQLException {
        String pattern = commonPattern(names, metaData.getSearchStringEscape());
        session.catalog("getTables(null, null, '" + pattern + "', null)", () -> {
            collectTables(metaData, dialect, wanted, pattern, searched, found);
            return null;
        });
    }

    private static void collectTables(DatabaseMetaData metaData, Dialect dialect, Collection<KnownTable> wanted,
            String pattern, Set<String> searched, Map<String, TableLocation> found) throws SQLException {
        try (ResultSet rs = metaData.getTables(null, null, pattern, null)) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                String type = rs.getString("TABLE_TYPE");
                String catalog = rs.getString("TABLE_CAT");
                String schema = rs.getString("TABLE_SCHEM");
                String namespace = dialect.namespacesAreCatalogs() ? catalog : schema;
                Optional<KnownTable> table = wanted.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
                if (table.isEmpty() || !isTable(type) || (namespace != null && !searched.contains(namespace))) {
                    continue;
                }
                TableLocation location = new TableLocation(catalog, namespace, name, table.get());
                found.putIfAbsent(catalog + "\u0000" + namespace + "\u0000" + name, location);
            }
        }
    }

    /** The names' common beginning, {@code %}, their common end; the name itself when there is one. */
    static String commonPattern(List<String> names, String escape) {
        String first = names.get(0);
        if (names.stream().allMatch(first::equals)) {
            return escape(first, escape);
        }
        int prefix = first.length();
        int suffix = first.length();
        for (String name : names) {
            prefix = Math.min(prefix, commonPrefix(first, name));
            suffix = Math.min(suffix, commonPrefix(new StringBuilder(first).reverse().toString(),
                    new StringBuilder(name).reverse().toString()));
        }
        suffix = Math.min(suffix, first.length() - prefix);
        return escape(first.substring(0, prefix), escape) + "%"
                + escape(first.substring(first.length() - suffix), escape);
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    /** The tables found, ordered as they were asked for; the catalog's order within one kind. */
    private static List<TableLocation> inWantedOrder(Collection<TableLocation> found, Collection<KnownTable> wanted) {
        List<KnownTable> order = List.copyOf(wanted);
        List<TableLocation> sorted = new ArrayList<>(found);
        sorted.sort(java.util.Comparator.comparingInt(location -> order.indexOf(location.kind())));
        return sorted;
    }

    private static boolean isTable(String type) {
        if (type == null) {
            return true;
        }
        String upper = type.toUpperCase(Locale.ROOT);
        return upper.contains("TABLE") && !upper.contains("SYSTEM") && !upper.contains("TEMP");
    }

    private static void describe(DatabaseSession session, DatabaseMetaData metaData, Dialect dialect,
            TableLocation location, List<MigrationTable> tables, List<TableSearch.UnusableTable> unusable)
            throws SQLException {
        String escape = metaData.getSearchStringEscape();
        Map<HistoryColumn, String> columns = new EnumMap<>(HistoryColumn.class);
        String schemaPattern = dialect.namespacesAreCatalogs() ? null : escape(location.schema(), escape);
        String tablePattern = escape(location.name(), escape);
        int installedOnType = session.catalog("getColumns(" + quoted(location.catalog()) + ", " + quoted(schemaPattern)
                + ", " + quoted(tablePattern) + ", null)", () -> {
                    int type = java.sql.Types.DATE;
                    try (ResultSet rs = metaData.getColumns(location.catalog(), schemaPattern, tablePattern, null)) {
                        while (rs.next()) {
                            String name = rs.getString("COLUMN_NAME");
                            for (HistoryColumn column : HistoryColumn.values()) {
                                if (column.canonicalName().equalsIgnoreCase(name)) {
                                    columns.putIfAbsent(column, name);
                                    if (column == HistoryColumn.INSTALLED_ON) {
                                        type = rs.getInt("DATA_TYPE");
                                    }
                                }
                            }
                        }
                    }
                    return type;
                });
        List<String> missing = new ArrayList<>();
        for (HistoryColumn column : HistoryColumn.values()) {
            if (column.required() && !columns.containsKey(column)) {
                missing.add(column.canonicalName());
            }
        }
        if (missing.isEmpty()) {
            tables.add(new MigrationTable(location, columns, installedOnType));
        } else {
            unusable.add(new TableSearch.UnusableTable(location, location.displayName()
                    + " is not a migration history table: it lacks the column(s) " + String.join(", ", missing)));
        }
    }

    /** A catalog call's argument as the statement log shows it. */
    static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    static String escape(String name, String escape) {
        if (name == null) {
            return null;
        }
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (char c : name.toCharArray()) {
            if (c == '_' || c == '%' || escape.indexOf(c) == 0) {
                out.append(escape);
            }
            out.append(c);
        }
        return out.toString();
    }
}
