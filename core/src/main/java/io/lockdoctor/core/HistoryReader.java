package io.lockdoctor.core;

import static io.lockdoctor.core.model.HistoryColumn.DESCRIPTION;
import static io.lockdoctor.core.model.HistoryColumn.EXECUTION_TIME;
import static io.lockdoctor.core.model.HistoryColumn.INSTALLED_BY;
import static io.lockdoctor.core.model.HistoryColumn.INSTALLED_ON;
import static io.lockdoctor.core.model.HistoryColumn.INSTALLED_RANK;
import static io.lockdoctor.core.model.HistoryColumn.RESULT;
import static io.lockdoctor.core.model.HistoryColumn.SUCCESS;
import static io.lockdoctor.core.model.HistoryColumn.VERSION;

import io.lockdoctor.core.model.FailedMigration;
import io.lockdoctor.core.model.HistoryColumn;
import io.lockdoctor.core.model.HistorySummary;
import io.lockdoctor.core.model.InstalledOn;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.MigrationRow;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.spi.Dialect;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.Statements;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads history and lock rows. Summaries use aggregate queries only, so a history of a million
 * rows costs a few index lookups; full reads stream. Every value is bound, every identifier
 * comes from the catalog and goes through {@link Dialect#quote}.
 */
final class HistoryReader {
    private static final int FETCH_SIZE = 500;

    private final DatabaseSession session;

    public HistoryReader(DatabaseSession session) {
        this.session = session;
    }

    /** Task count, latest version, failed rows and lock rows of one table. */
    public HistorySummary summary(MigrationTable table) {
        Sql sql = new Sql(session.dialect(), table);
        try {
            long migrations = session.sql().one("SELECT COUNT(*) FROM " + sql.from + " WHERE " + sql.rank + " > 0",
                    RowMapper.LONG);
            String latestVersion = session.sql()
                    .first("SELECT " + sql.col(VERSION) + " FROM " + sql.from + " WHERE " + sql.rank
                            + " = (SELECT MAX(" + sql.rank + ") FROM " + sql.from + " WHERE " + sql.rank
                            + " > 0 AND " + sql.succeeded + ")", RowMapper.STRING)
                    .orElse(null);
            List<FailedMigration> failed = failedMigrations(sql, table);
            List<LockRow> locks = locks(table);
            return new HistorySummary(table.location(), migrations, latestVersion, failed, locks);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("read " + where(table), e, session.settings());
        }
    }

    /** Failed task rows are few: at most this many are reported. */
    private static final int MAX_FAILED_REPORTED = 1000;

    /**
     * Failed task rows, each marked when a later row of the same version succeeded. Two scans in
     * all (the failed rows, then the successes of just their versions), never one per failed row.
     */
    private List<FailedMigration> failedMigrations(Sql sql, MigrationTable table) {
        List<FailedMigration> failed = session.sql().maxRows(MAX_FAILED_REPORTED)
                .list("SELECT " + sql.rank + ", " + sql.col(VERSION) + ", " + sql.col(DESCRIPTION) + ", "
                        + sql.col(INSTALLED_ON) + " FROM " + sql.from + " WHERE " + sql.failed + " AND "
                        + sql.rank + " > 0 ORDER BY " + sql.rank,
                        rs -> new FailedMigration(rs.getInt(1), rs.getString(2), rs.getString(3),
                                installedOn(rs, 4, table), false));
        List<String> versions = failed.stream().map(FailedMigration::version).filter(java.util.Objects::nonNull)
                .distinct().toList();
        if (versions.isEmpty()) {
            return failed;
        }
        java.util.Map<String, Integer> lastSuccess = new java.util.HashMap<>();
        session.sql().each("SELECT " + sql.col(VERSION) + ", MAX(" + sql.rank + ") FROM " + sql.from + " WHERE "
                        + sql.succeeded + " AND " + sql.col(VERSION) + " IN (" + Statements.placeholders(versions)
                        + ") GROUP BY " + sql.col(VERSION),
                rs -> lastSuccess.put(rs.getString(1), rs.getInt(2)), versions.toArray());
        return failed.stream()
                .map(f -> new FailedMigration(f.installedRank(), f.version(), f.description(), f.installedOn(),
                        lastSuccess.getOrDefault(f.version(), Integer.MIN_VALUE) > f.installedRank()))
                .toList();
    }

    /** The lock rows of one table, read on their own (at each sample of an observe window). */
    public List<LockRow> locks(MigrationTable table) {
        Sql sql = new Sql(session.dialect(), table);
        try {
            return session.sql().list("SELECT " + sql.col(DESCRIPTION) + ", " + sql.col(INSTALLED_ON) + ", "
                            + sql.col(INSTALLED_BY) + " FROM " + sql.from + " WHERE " + sql.rank + " = ? ORDER BY "
                            + sql.col(DESCRIPTION),
                    rs -> new LockRow(rs.getString(1), installedOn(rs, 2, table), rs.getString(3)),
                    MigrationRow.LOCK_RANK);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("read the lock of " + where(table), e, session.settings());
        }
    }

    /**
     * Every whole row of the lock with {@code description} (more than one only without the unique
     * index), under row locks waiting at most {@code lockWait} when one is given. {@code marker}, a
     * comment, leads the statement so that other sessions can tell who reads. Failures are the caller's
     * to word: it knows what the read was for.
     */
    public List<MigrationRow> lockRows(MigrationTable table, String description, Optional<Duration> lockWait,
            String marker) {
        Sql sql = new Sql(session.dialect(), table);
        String where = sql.rank + " = ? AND " + sql.col(DESCRIPTION) + " = ?";
        String select = lockWait.map(wait -> session.dialect().selectForUpdate(sql.from, sql.selectList, where, wait))
                .orElse("SELECT " + sql.selectList + " FROM " + sql.from + " WHERE " + where);
        return session.sql().list(marker + " " + select, rs -> migrationRow(rs, table), MigrationRow.LOCK_RANK,
                description);
    }

    /**
     * The highest task rank: one index lookup, cheap enough for every sample of an observe window
     * even on a huge table (HAPI only ever appends task rows).
     */
    public Integer maxTaskRank(MigrationTable table) {
        Sql sql = new Sql(session.dialect(), table);
        try {
            return session.sql().one("SELECT MAX(" + sql.rank + ") FROM " + sql.from + " WHERE " + sql.rank + " > 0",
                    rs -> rs.getObject(1, Integer.class));
        } catch (RuntimeException e) {
            throw SqlErrors.translate("read " + where(table), e, session.settings());
        }
    }

    /**
     * A cheap summary of every row but the lock: any row added, removed or changed (its success
     * or execution time) changes it. Compared across an observe window to see a migration progress.
     */
    public HistoryFingerprint fingerprint(MigrationTable table) {
        Sql sql = new Sql(session.dialect(), table);
        try {
            return session.sql().one("SELECT COUNT(*), MAX(" + sql.rank + "), SUM(" + sql.col(EXECUTION_TIME)
                            + "), SUM(CASE WHEN " + sql.succeeded + " THEN 1 ELSE 0 END) FROM " + sql.from + " WHERE "
                            + sql.rank + " <> ?",
                    rs -> new HistoryFingerprint(rs.getLong(1), (Integer) rs.getObject(2, Integer.class),
                            rs.getLong(3), rs.getLong(4)),
                    MigrationRow.LOCK_RANK);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("read " + where(table), e, session.settings());
        }
    }

    /**
     * Streams rows in ascending {@code installed_rank} to {@code sink}. With a limit, only the
     * most recent {@code limit} rows are read (newest first from the database, then reversed), so
     * memory stays bounded by the limit.
     */
    public void rows(MigrationTable table, HistoryQuery query, Consumer<MigrationRow> sink) {
        Sql sql = new Sql(session.dialect(), table);
        String select = "SELECT " + sql.selectList + " FROM " + sql.from
                + (query.failedOnly() ? " WHERE " + sql.failed : "")
                + " ORDER BY " + sql.rank + (query.limit() > 0 ? " DESC" : "");
        // PostgreSQL streams with a fetch size only inside a transaction; read-only, rolled back after.
        boolean began = !session.inTransaction();
        if (began) {
            session.begin();
        }
        try {
            Statements rows = session.sql().fetchSize(FETCH_SIZE).maxRows(query.limit());
            if (query.limit() == 0) {
                rows.each(select, rs -> sink.accept(migrationRow(rs, table)));
                return;
            }
            Deque<MigrationRow> newestFirst = new ArrayDeque<>(Math.min(query.limit(), 10_000));
            rows.each(select, rs -> newestFirst.push(migrationRow(rs, table)));
            newestFirst.forEach(sink);
        } catch (RuntimeException e) {
            throw SqlErrors.translate("read the rows of " + where(table), e, session.settings());
        } finally {
            if (began && session.inTransaction()) {
                session.rollback();
            }
        }
    }

    private String where(MigrationTable table) {
        return table.location().displayName() + " in " + session.description();
    }

    private static MigrationRow migrationRow(ResultSet rs, MigrationTable table) throws SQLException {
        Number checksum = (Number) rs.getObject(6);
        return new MigrationRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                checksum == null ? null : checksum.intValue(), rs.getString(7), installedOn(rs, 8, table),
                rs.getInt(9), rs.getBoolean(10), table.hasResultColumn() ? rs.getString(11) : null);
    }

    private static InstalledOn installedOn(ResultSet rs, int index, MigrationTable table) throws SQLException {
        if (table.installedOnIsTimestamp()) {
            LocalDateTime value = rs.getObject(index, LocalDateTime.class);
            return value == null ? null : InstalledOn.of(value);
        }
        LocalDate value = rs.getObject(index, LocalDate.class);
        return value == null ? null : InstalledOn.ofDay(value);
    }

    /** The quoted names of one table, built once per call. */
    private static final class Sql {
        private final Dialect dialect;
        private final MigrationTable table;
        final String from;
        final String rank;
        final String selectList;
        /**
         * {@code success} compared with the dialect's literal, not a bound boolean: a
         * {@code number(1,0)} column (Oracle) cannot be compared with a BOOLEAN parameter everywhere.
         */
        final String succeeded;
        final String failed;

        Sql(Dialect dialect, MigrationTable table) {
            this.dialect = dialect;
            this.table = table;
            this.from = dialect.qualify(table.location().schema(), table.location().name());
            this.rank = col(INSTALLED_RANK);
            this.succeeded = col(SUCCESS) + " = " + dialect.booleanLiteral(true);
            this.failed = col(SUCCESS) + " = " + dialect.booleanLiteral(false);
            this.selectList = Stream.of(HistoryColumn.values())
                    .filter(c -> c != RESULT || table.hasResultColumn())
                    .map(this::col)
                    .collect(Collectors.joining(", "));
        }

        String col(HistoryColumn column) {
            return dialect.quote(table.column(column));
        }
    }
}
