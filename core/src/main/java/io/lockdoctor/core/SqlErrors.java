package io.lockdoctor.core;

import io.lockdoctor.core.model.DatabaseAccessException;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.support.Durations;
import io.lockdoctor.core.support.Secrets;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;

/**
 * Turns driver and pool exceptions into one-paragraph messages: what failed, the driver's own
 * words (secrets masked), and what to try next.
 */
final class SqlErrors {
    private SqlErrors() {
    }

    /** {@code action} completes "could not ...", e.g. "read FLY_HFJ_MIGRATION in schema public of ...". */
    public static LockDoctorException translate(String action, Throwable failure, SessionSettings settings) {
        if (failure instanceof LockDoctorException known) {
            return known;
        }
        SQLException sql = find(failure, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        int code = sql == null ? 0 : sql.getErrorCode();
        String driverSays = Secrets.mask(rootMessage(failure));
        String hint = hint(failure, driverSays, state, code, settings);
        String message = "could not " + action + ": " + driverSays.replaceAll("[.\\s]+$", "")
                + (hint.isEmpty() ? "" : ". " + hint);
        if (isLockWait(state, code)) {
            return new LockWaitTimeoutException(message, failure);
        }
        return new DatabaseAccessException(message, failure);
    }

    private static String hint(Throwable failure, String driverSays, String state, int code,
            SessionSettings settings) {
        String timeout = Durations.format(settings.timeout());
        if (state.startsWith("28") || code == 1045 || code == 28000 || code == 18456 || code == 1017) {
            return "Check " + settings.terms().user() + " and " + settings.terms().password();
        }
        if (code == 90020) {
            // An embedded H2 file another process holds open: that process is a live user of the database.
            return "Another process has this H2 database open, which is itself evidence that it is in use (a "
                    + "running Smile CDR or HAPI FHIR server?): stop it, or connect through its H2 TCP server";
        }
        if (state.equals("3D000") || code == 1049 || code == 90146 || code == 4060) {
            return "Check the database name in " + settings.terms().url();
        }
        if (state.equals("42501") || code == 1142 || code == 229 || code == 1031) {
            // Said for every command: an account that could read the table and then failed to
            // clear it already has SELECT, and must be told what clear needs on top.
            return "The account lacks a privilege lockdoctor needs: status, history and export need SELECT on the "
                    + "history table; clear also needs UPDATE (for the row lock) and DELETE on it. Grant them, or use "
                    + "an account that has them";
        }
        if (state.equals("57014") || state.equals("55P03") || state.equals("HYT00")
                || find(failure, SQLTimeoutException.class) != null
                || find(failure, SocketTimeoutException.class) != null
                || driverSays.toLowerCase(java.util.Locale.ROOT).contains("timed out")
                || code == 50200 || code == 57014 || code == 1205 || code == 3024 || code == 1969) {
            String option = settings.terms().timeout();
            return "The database did not answer within " + option + " " + timeout
                    + " (a lock held by another session, an overloaded server, or a network that drops packets); "
                    + "raise " + option + " or find what holds the lock";
        }
        if (find(failure, UnknownHostException.class) != null) {
            return "The host name in " + settings.terms().url() + " does not resolve";
        }
        if (find(failure, ConnectException.class) != null || state.startsWith("08")) {
            return "Check that the server is running and that host and port in " + settings.terms().url()
                    + " are right (timeout "
                    + timeout + ")";
        }
        return "";
    }

    /**
     * Lock waits that ran out: PostgreSQL lock_not_available, H2 LOCK_TIMEOUT_1, MariaDB/MySQL
     * ER_LOCK_WAIT_TIMEOUT, SQL Server 1222, Oracle ORA-30006.
     */
    private static boolean isLockWait(String state, int code) {
        return state.equals("55P03") || code == 50200 || code == 1205 || code == 1222 || code == 30006;
    }

    /**
     * The table or schema named does not exist (PostgreSQL undefined_table and invalid_schema_name,
     * the standard 42S02, H2's table and schema not found, MariaDB/MySQL unknown table and database).
     * Access denied is not this: on MariaDB/MySQL it hides whether the table exists.
     */
    public static boolean isUndefinedTable(Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        if (sql == null) {
            return false;
        }
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        int code = sql.getErrorCode();
        return state.equals("42P01") || state.equals("3F000") || state.equals("42S02")
                || code == 42102 || code == 42104 || code == 90079 || code == 1146 || code == 1049;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        String message = null;
        while (t != null) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        String text = message == null ? failure.getClass().getSimpleName() : message.strip();
        // Driver messages can span lines (PostgreSQL adds "Position: ..."); keep one paragraph.
        // PostgreSQL appends "Position: 22": meaningless to an operator.
        return text.replaceAll("\\s*\\R\\s*", " ").replaceAll("\\s*Position: \\d+", "");
    }

    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
