package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.spi.ClientView;
import io.lockdoctor.core.spi.PoolerAccess;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.StandardDialect;
import io.lockdoctor.core.spi.SystemSchemas;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** PostgreSQL 12 and later; {@link CockroachDialect} refines it for CockroachDB behind the same driver. */
public class PostgresDialect extends StandardDialect {
    private static final SystemSchemas SYSTEM_SCHEMAS = SystemSchemas.named("pg_catalog", "information_schema")
            .andPrefixed("pg_toast", "pg_temp_");

    public PostgresDialect() {
        this("postgresql", "PostgreSQL", Set.of("POSTGRES_9_4"));
    }

    /** A product read like PostgreSQL, through its driver. */
    protected PostgresDialect(String id, String displayName, Set<String> smileDrivers) {
        super(id, displayName, "jdbc:postgresql:", smileDrivers, SYSTEM_SCHEMAS, new PostgresSessionObserver());
    }

    /**
     * pgjdbc's cancel key names the backend that accepted the login; behind a pooler (PgBouncer in
     * any mode) it names another one than {@code pg_backend_pid()}.
     */
    @Override
    public boolean sharedThroughPooler(java.sql.Connection connection, String sessionId) {
        try {
            if (sessionId == null || !connection.isWrapperFor(org.postgresql.PGConnection.class)) {
                return false;
            }
            return connection.unwrap(org.postgresql.PGConnection.class).getBackendPID() != Integer.parseInt(sessionId);
        } catch (java.sql.SQLException | NumberFormatException | LinkageError e) {
            return false;
        }
    }

    /** PgBouncer or another pooler in the way, and PgBouncer's client list when it can be read. */
    @Override
    public Optional<ClientView> clientView(DataSource dataSource, String jdbcUrl, PoolerAccess access,
            SessionSettings settings) {
        return Optional.of(PgBouncerClientView.find(dataSource, jdbcUrl, access, settings));
    }

    /**
     * CockroachDB reports itself as PostgreSQL with {@code server_version} {@code 13.0.0}: three
     * parts, where PostgreSQL 10 and later report {@code major.minor} (e.g. {@code 15.4} or
     * {@code 15.4 (Debian 15.4-1.pgdg120+1)}). Either way the observer checks {@code version()}.
     */
    static boolean looksLikeCockroach(String productVersion) {
        return productVersion != null && productVersion.strip().matches("(1[0-9]|[2-9][0-9])\\.\\d+\\.\\d+");
    }

    @Override
    public Map<String, String> connectionProperties(SessionSettings settings) {
        String seconds = Integer.toString(settings.timeoutSeconds());
        return Map.of(
                "ApplicationName", settings.applicationName(),
                // Sends the application name at login, not with a later SET: a pooler (PgBouncer in
                // transaction pooling) then lists lockdoctor's own clients by it.
                "assumeMinServerVersion", "9.0",
                "connectTimeout", seconds,
                "loginTimeout", seconds,
                // Statements are bounded on the server by statement_timeout; the socket timeout
                // only catches a server or network that stops answering altogether.
                "socketTimeout", Integer.toString(settings.timeoutSeconds() + 5));
    }

    @Override
    public List<String> sessionSetup(SessionSettings settings) {
        return List.of(
                "SET application_name = '" + settings.applicationName() + "'",
                "SET statement_timeout = " + settings.timeoutMillis(),
                "SET lock_timeout = " + settings.lockWaitMillis());
    }

    @Override
    public List<String> sessionReset() {
        return List.of("RESET application_name", "RESET statement_timeout", "RESET lock_timeout");
    }

    @Override
    public List<String> clearTransactionSetup(Duration lockWait) {
        long millis = Durations.boundMillis(lockWait);
        // SET LOCAL: only for this transaction, whatever the session had.
        return List.of("SET LOCAL lock_timeout = " + millis, "SET LOCAL statement_timeout = " + millis);
    }
}
