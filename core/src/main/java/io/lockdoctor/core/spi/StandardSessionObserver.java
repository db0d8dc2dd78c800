package io.lockdoctor.core.spi;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Objects;

/**
 * The part every session observer states the same way: the one-row queries that name the session
 * it runs on and the account it runs as (which its observability messages and GRANT advice quote).
 * A subclass adds how the database shows the other sessions; the helpers below read what several
 * databases show alike (a write counter over the searched schemas, nullable timestamps).
 */
public abstract class StandardSessionObserver implements SessionObserver {
    /** Where a write-counter query lists the searched schemas: {@code ... IN (<schemas>)}. */
    protected static final String SCHEMAS = "<schemas>";

    private final String sessionIdQuery;
    private final String accountQuery;

    /**
     * @param sessionIdQuery e.g. {@code SELECT pg_backend_pid()}
     * @param accountQuery e.g. {@code SELECT current_user}
     */
    protected StandardSessionObserver(String sessionIdQuery, String accountQuery) {
        this.sessionIdQuery = Objects.requireNonNull(sessionIdQuery, "sessionIdQuery");
        this.accountQuery = Objects.requireNonNull(accountQuery, "accountQuery");
    }

    @Override
    public final String sessionIdQuery() {
        return sessionIdQuery;
    }

    /** The account the session behind {@code sql} runs as, in the database's own words. */
    protected final String account(Statements sql) {
        return sql.one(accountQuery, RowMapper.STRING);
    }

    /**
     * The one number {@code query} reads over {@code schemas}, each bound to a placeholder where the
     * query says {@link #SCHEMAS}; 0 for no schemas, since nothing is written to none.
     */
    protected static long counted(Statements sql, String query, Collection<String> schemas) {
        if (schemas.isEmpty()) {
            return 0;
        }
        return sql.one(query.replace(SCHEMAS, Statements.placeholders(schemas)), RowMapper.LONG, schemas.toArray());
    }

    /** A nullable timestamp column as an instant. */
    protected static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }

    /** A nullable timestamp column as an instant. */
    protected static Instant instant(Timestamp value) {
        return value == null ? null : value.toInstant();
    }
}
