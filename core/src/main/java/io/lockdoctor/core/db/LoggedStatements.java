package io.lockdoctor.core.db;

import io.lockdoctor.core.spi.StatementLog;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/** Jdbi's hook on every statement of a session, passed on to a {@link StatementLog}. */
final class LoggedStatements implements SqlLogger {
    private final StatementLog log;

    LoggedStatements(StatementLog log) {
        this.log = log;
    }

    @Override
    public void logAfterExecution(StatementContext context) {
        log.sent(describe(context), took(context), null);
    }

    @Override
    public void logException(StatementContext context, SQLException failure) {
        log.sent(describe(context), took(context), failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage());
    }

    /**
     * The SQL as sent, on one line (its line breaks are layout), then its bound values: the
     * parameters are what the server received.
     */
    private static String describe(StatementContext context) {
        String sql = (context.getRenderedSql() != null ? context.getRenderedSql() : context.getRawSql())
                .strip().replaceAll("\\s*\\R\\s*", " ");
        return context.getBinding().isEmpty() ? sql : sql + "   -- bound: " + context.getBinding();
    }

    private static Duration took(StatementContext context) {
        try {
            return Duration.ofNanos(context.getElapsedTime(ChronoUnit.NANOS));
        } catch (RuntimeException notTimed) {
            return Duration.ZERO;
        }
    }
}
