package io.lockdoctor.core.spi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs the statements of one session on its {@link Connection}: values bound as {@code ?}
 * parameters, never spliced into SQL; each statement bounded by the session's query timeout and
 * told to its {@link StatementLog}. A failure comes back as a {@link StatementFailedException}
 * for the caller to word. Instances are cheap views of one connection: {@link #maxRows} and
 * {@link #fetchSize} return new ones.
 */
public final class Statements {
    private final Connection connection;
    private final int timeoutSeconds;
    private final StatementLog log;
    private final int maxRows;
    private final int fetchSize;

    /** @param timeoutSeconds JDBC query timeout of every statement, 0 for none */
    public Statements(Connection connection, int timeoutSeconds, StatementLog log) {
        this(connection, timeoutSeconds, log, 0, 0);
    }

    private Statements(Connection connection, int timeoutSeconds, StatementLog log, int maxRows, int fetchSize) {
        this.connection = connection;
        this.timeoutSeconds = timeoutSeconds;
        this.log = log;
        this.maxRows = maxRows;
        this.fetchSize = fetchSize;
    }

    /** Reads at most {@code rows} rows of each result (0: all). */
    public Statements maxRows(int rows) {
        return new Statements(connection, timeoutSeconds, log, rows, fetchSize);
    }

    /** Asks the driver to fetch {@code rows} rows at a time instead of the whole result. */
    public Statements fetchSize(int rows) {
        return new Statements(connection, timeoutSeconds, log, maxRows, rows);
    }

    public Connection connection() {
        return connection;
    }

    /** Every row, mapped. */
    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = new ArrayList<>();
        each(sql, row -> rows.add(mapper.map(row)), params);
        return rows;
    }

    /**
     * The only row, mapped (the value may be null).
     *
     * @throws IllegalStateException when there is no row or more than one
     */
    public <T> T one(String sql, RowMapper<T> mapper, Object... params) {
        return query(sql, params, rows -> {
            if (!rows.next()) {
                throw new IllegalStateException("expected one row, got none: " + oneLine(sql));
            }
            T value = mapper.map(rows);
            if (rows.next()) {
                throw new IllegalStateException("expected one row, got several: " + oneLine(sql));
            }
            return value;
        });
    }

    /** The first row, mapped; empty when there is none or it maps to null. */
    public <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... params) {
        return query(sql, params, rows -> rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty());
    }

    /** Hands every row to {@code action} as it is read, without keeping any. */
    public void each(String sql, RowAction action, Object... params) {
        query(sql, params, rows -> {
            while (rows.next()) {
                action.row(rows);
            }
            return null;
        });
    }

    /** Runs an INSERT, UPDATE, DELETE or a setting. @return the rows affected, 0 for statements without */
    public int update(String sql, Object... params) {
        return run(sql, params, statement -> Math.max(0, statement.getUpdateCount()));
    }

    /**
     * Runs statements without parameters or results (session settings) in one batch: one round
     * trip where the driver sends a batch at once. The statement log hears them as one line.
     */
    public void batch(List<String> statements) {
        if (statements.size() < 2) {
            statements.forEach(this::update);
            return;
        }
        String sent = String.join("; ", statements);
        long start = System.nanoTime();
        try (Statement statement = connection.createStatement()) {
            if (timeoutSeconds > 0) {
                statement.setQueryTimeout(timeoutSeconds);
            }
            for (String sql : statements) {
                statement.addBatch(sql);
            }
            statement.executeBatch();
            log.sent(oneLine(sent), Duration.ofNanos(System.nanoTime() - start), null);
        } catch (SQLException e) {
            log.sent(oneLine(sent), Duration.ofNanos(System.nanoTime() - start),
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            throw new StatementFailedException(sent, e);
        }
    }

    /** One {@code ?} per value, for {@code IN (...)}: the values are then bound in order like any other. */
    public static String placeholders(Collection<?> values) {
        return values.stream().map(v -> "?").collect(Collectors.joining(", "));
    }

    /** What to do with one row. */
    @FunctionalInterface
    public interface RowAction {
        void row(ResultSet row) throws SQLException;
    }

    private <T> T query(String sql, Object[] params, ResultWork<T> work) {
        return run(sql, params, statement -> {
            try (ResultSet rows = statement.getResultSet()) {
                if (rows == null) {
                    throw new SQLException("the statement returned no result set");
                }
                return work.on(rows);
            }
        });
    }

    private <T> T run(String sql, Object[] params, StatementWork<T> work) {
        long start = System.nanoTime();
        boolean sent = false;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (timeoutSeconds > 0) {
                statement.setQueryTimeout(timeoutSeconds);
            }
            // Fetch size first: some drivers (H2) refuse one above a maximum already set.
            if (fetchSize > 0) {
                statement.setFetchSize(fetchSize);
            }
            if (maxRows > 0) {
                statement.setMaxRows(maxRows);
            }
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.execute();
            sent = true;
            log.sent(describe(sql, params), Duration.ofNanos(System.nanoTime() - start), null);
            return work.on(statement);
        } catch (SQLException e) {
            if (!sent) {
                log.sent(describe(sql, params), Duration.ofNanos(System.nanoTime() - start),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            throw new StatementFailedException(sql, e);
        }
    }

    @FunctionalInterface
    private interface StatementWork<T> {
        T on(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface ResultWork<T> {
        T on(ResultSet rows) throws SQLException;
    }

    /**
     * The SQL as sent, on one line (its line breaks are layout), then its bound values: the
     * parameters are what the server received.
     */
    static String describe(String sql, Object[] params) {
        String line = oneLine(sql);
        return params.length == 0 ? line : line + "   -- bound: " + Arrays.toString(params);
    }

    static String oneLine(String sql) {
        return sql.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
