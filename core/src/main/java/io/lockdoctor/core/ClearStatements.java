package io.lockdoctor.core;

import static io.lockdoctor.core.model.HistoryColumn.CHECKSUM;
import static io.lockdoctor.core.model.HistoryColumn.DESCRIPTION;
import static io.lockdoctor.core.model.HistoryColumn.EXECUTION_TIME;
import static io.lockdoctor.core.model.HistoryColumn.INSTALLED_BY;
import static io.lockdoctor.core.model.HistoryColumn.INSTALLED_ON;
import static io.lockdoctor.core.model.HistoryColumn.INSTALLED_RANK;
import static io.lockdoctor.core.model.HistoryColumn.RESULT;
import static io.lockdoctor.core.model.HistoryColumn.SCRIPT;
import static io.lockdoctor.core.model.HistoryColumn.SUCCESS;
import static io.lockdoctor.core.model.HistoryColumn.TYPE;
import static io.lockdoctor.core.model.HistoryColumn.VERSION;

import io.lockdoctor.core.model.HistoryColumn;
import io.lockdoctor.core.model.InstalledOn;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.spi.Dialect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The statements of one clear: the parameterized DELETE (and how it reads with its values), and
 * the INSERT that restores the row exactly as it was read.
 *
 * @param deleteSql the DELETE as run, with the lock's rank and description bound in that order
 * @param delete the DELETE with its values shown, for the operator and the audit
 * @param restore an INSERT with literals that puts the row back
 */
record ClearStatements(MigrationRow row, String deleteSql, String delete, String restore) {

    static ClearStatements of(Dialect dialect, MigrationTable table, MigrationRow row) {
        String from = dialect.qualify(table.location().schema(), table.location().name());
        String rank = col(dialect, table, INSTALLED_RANK);
        String description = col(dialect, table, DESCRIPTION);
        String where = rank + " = " + MigrationRow.LOCK_RANK + " AND " + description + " = ";
        String deleteSql = "DELETE FROM " + from + " WHERE " + rank + " = ? AND " + description + " = ?";
        String delete = "DELETE FROM " + from + " WHERE " + where + text(dialect, row.description());
        return new ClearStatements(row, deleteSql, delete, restore(dialect, table, from, row));
    }

    private static String restore(Dialect dialect, MigrationTable table, String from, MigrationRow row) {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Map.Entry<HistoryColumn, String> value : literals(dialect, table, row).entrySet()) {
            columns.add(col(dialect, table, value.getKey()));
            values.add(value.getValue());
        }
        return "INSERT INTO " + from + " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ", values) + ");";
    }

    private static Map<HistoryColumn, String> literals(Dialect dialect, MigrationTable table, MigrationRow row) {
        Map<HistoryColumn, String> literals = new LinkedHashMap<>();
        literals.put(INSTALLED_RANK, Integer.toString(row.installedRank()));
        literals.put(VERSION, text(dialect, row.version()));
        literals.put(DESCRIPTION, text(dialect, row.description()));
        literals.put(TYPE, text(dialect, row.type()));
        literals.put(SCRIPT, text(dialect, row.script()));
        literals.put(CHECKSUM, row.checksum() == null ? "NULL" : row.checksum().toString());
        literals.put(INSTALLED_BY, text(dialect, row.installedBy()));
        InstalledOn on = row.installedOn();
        literals.put(INSTALLED_ON, on.dayPrecise() || !table.installedOnIsTimestamp()
                ? dialect.dateLiteral(on.day()) : dialect.timestampLiteral(on.time().orElseThrow()));
        literals.put(EXECUTION_TIME, Integer.toString(row.executionTime()));
        literals.put(SUCCESS, dialect.booleanLiteral(row.success()));
        if (table.hasResultColumn()) {
            literals.put(RESULT, text(dialect, row.result()));
        }
        return literals;
    }

    /** The row's values as text, for the audit line. */
    static Map<String, String> asText(MigrationRow row) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("installed_rank", Integer.toString(row.installedRank()));
        out.put("version", row.version());
        out.put("description", row.description());
        out.put("type", row.type());
        out.put("script", row.script());
        out.put("checksum", row.checksum() == null ? null : row.checksum().toString());
        out.put("installed_by", row.installedBy());
        out.put("installed_on", row.installedOn() == null ? null : row.installedOn().toString());
        out.put("execution_time", Integer.toString(row.executionTime()));
        out.put("success", Boolean.toString(row.success()));
        out.put("result", row.result());
        return out;
    }

    /** A lock row as HAPI writes it, for statements shown before the row itself is read. */
    static MigrationRow rowFrom(LockRow lock) {
        return new MigrationRow(MigrationRow.LOCK_RANK, null, lock.description(), "JDBC", "HAPI FHIR", null,
                lock.installedBy(), lock.installedOn(), 0, true, null);
    }

    private static String col(Dialect dialect, MigrationTable table, HistoryColumn column) {
        return dialect.quote(table.column(column));
    }

    /** A string literal as {@code dialect} reads it, or NULL. Only for printed statements; executed SQL binds values. */
    static String text(Dialect dialect, String value) {
        return value == null ? "NULL" : dialect.stringLiteral(value);
    }

    /**
     * Leads every read of the lock row by a clear, so that a clear's final session snapshot can tell
     * a racing clear waiting for the same row from a migrator where sessions carry no application
     * name (H2). No migrator sends SQL starting with it.
     */
    static final String LOCK_ROW_READ_MARKER = io.lockdoctor.core.OwnSessions.CLEAR_LOCK_ROW_READ_MARKER;

    /** Reads the whole lock row with a given description, optionally under a row lock with a bounded wait. */
    static final class RowReader {
        private final DatabaseSession session;
        private final MigrationTable table;

        RowReader(DatabaseSession session, MigrationTable table) {
            this.session = session;
            this.table = table;
        }

        Optional<MigrationRow> read(String description, boolean lockRow) {
            List<MigrationRow> rows;
            try {
                rows = new HistoryReader(session).lockRows(table, description,
                        lockRow ? Optional.of(LockClearer.MAX_LOCK_WAIT) : Optional.empty(), LOCK_ROW_READ_MARKER);
            } catch (RuntimeException e) {
                throw SqlErrors.translate((lockRow ? "lock" : "read") + " the lock row of "
                        + table.location().displayName() + " in " + session.description(), e, session.settings());
            }
            if (rows.size() > 1) {
                // Only without the unique index on installed_rank; a DELETE would remove them all.
                throw new LockDoctorException(table.location().displayName() + " in " + session.description()
                        + " holds " + rows.size() + " lock rows with the description " + description + ", which "
                        + "lockdoctor cannot tell apart: it deletes exactly one row or none, so nothing was deleted. "
                        + "Remove the duplicates by hand and restore the unique index on installed_rank.");
            }
            return rows.stream().findFirst();
        }
    }
}
