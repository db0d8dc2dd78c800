package io.lockdoctor.core.spi;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Turns the current row of a result into a value; the common one-column readers are below. */
@FunctionalInterface
public interface RowMapper<T> {
    /** The first column as text. */
    RowMapper<String> STRING = rs -> rs.getString(1);
    /** The first column as a number, null when SQL NULL. */
    RowMapper<Integer> INTEGER = rs -> {
        int value = rs.getInt(1);
        return rs.wasNull() ? null : value;
    };
    /** The first column as a number, null when SQL NULL. */
    RowMapper<Long> LONG = rs -> {
        long value = rs.getLong(1);
        return rs.wasNull() ? null : value;
    };
    /** The first column as a truth value, null when SQL NULL. */
    RowMapper<Boolean> BOOLEAN = rs -> {
        boolean value = rs.getBoolean(1);
        return rs.wasNull() ? null : value;
    };

    T map(ResultSet row) throws SQLException;
}
