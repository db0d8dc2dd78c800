package io.lockdoctor.core.spi;

import java.time.Duration;

/**
 * Hears every statement lockdoctor sends on its sessions, with how long it took: the SQL as sent
 * (values bound, shown beside it), catalog calls ({@link java.sql.DatabaseMetaData}) and
 * transaction boundaries. A DBA is entitled to see what a tool runs against production. What the
 * JDBC driver sends on its own to connect is the driver's, and not heard here.
 */
@FunctionalInterface
public interface StatementLog {
    /** Hears nothing: the default. */
    StatementLog NONE = (statement, took, failure) -> { };

    /**
     * @param statement the SQL as sent, its bound values after it, or a catalog call or transaction boundary
     * @param failure what the database answered when it failed, null when it succeeded
     */
    void sent(String statement, Duration took, String failure);
}
