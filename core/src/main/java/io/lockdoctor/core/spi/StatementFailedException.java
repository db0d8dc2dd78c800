package io.lockdoctor.core.spi;

import java.sql.SQLException;

/**
 * A statement of {@link Statements} failed: the driver's {@link SQLException} is the cause, and the
 * statement (never its bound values) is named. Unchecked, and not a lockdoctor message: the caller
 * knows what the statement was for and words the failure (the engine's {@code SqlErrors}).
 */
public final class StatementFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StatementFailedException(String statement, SQLException cause) {
        super(cause.getMessage() + " [statement: " + Statements.oneLine(statement) + "]", cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
