package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.model.DatabaseAccessException;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.support.Secrets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Finds out whether connections from a data source reach PostgreSQL through a pooler or proxy.
 * Runs only plain reads ({@code SELECT pg_backend_pid()}, {@code SHOW}) on connections as the
 * data source hands them out, before any session setting: a {@code SET} sent through transaction
 * pooling would stay on a server connection that other clients (a migrator) use next.
 */
final class PoolerDetector {
    /** pgpool-II's answer to {@code SHOW pool_nodes} on PostgreSQL: an unknown setting. */
    private static final String UNDEFINED_OBJECT = "42704";

    private final SessionSettings settings;
    private final ConsoleTls tls;
    private final Clock clock;

    PoolerDetector(SessionSettings settings, ConsoleTls tls, Clock clock) {
        this.settings = settings;
        this.tls = tls;
        this.clock = clock;
    }

    PoolerDetection detect(DataSource dataSource, String jdbcUrl, ConsoleCredentials credentials) {
        PoolerEndpoint address = PoolerEndpoint.fromJdbcUrl(jdbcUrl);
        List<PoolerCheck> checks = new ArrayList<>();
        try (Connection own = dataSource.getConnection()) {
            int first = backendPid(own);
            checks.add(cancelKey(own, first));
            checks.add(serverPort(own, address));
            int other;
            try (Connection second = dataSource.getConnection()) {
                other = backendPid(second);
            }
            int again = backendPid(own);
            checks.add(backendSharing(first, other, again));
            checks.add(pgpool(own));
        } catch (SQLException e) {
            throw new DatabaseAccessException("could not check for a connection pooler at " + address + ": "
                    + Secrets.mask(e.getMessage()), e);
        }
        Optional<String> version = Optional.empty();
        Optional<PoolerEndpoint> console = Optional.empty();
        if (credentials == null) {
            checks.add(PoolerCheck.notFound(PoolerCheck.Kind.PGBOUNCER_CONSOLE, "PgBouncer's console not tried: no "
                    + "account to log in with"));
            return new PoolerDetection(address, checks, version, console);
        }
        try (PgBouncerConsole opened = PgBouncerConsole.open(address, credentials, settings, tls, clock)) {
            version = Optional.of(opened.version());
            console = Optional.of(address);
            checks.add(PoolerCheck.found(PoolerCheck.Kind.PGBOUNCER_CONSOLE, "PgBouncer's console answered at "
                    + address + " (" + opened.version() + ")"));
        } catch (PoolerConsoleException e) {
            if (e.provesPgBouncer()) {
                console = Optional.of(address);
                checks.add(PoolerCheck.found(PoolerCheck.Kind.PGBOUNCER_CONSOLE, "PgBouncer's console at " + address
                        + " refused " + credentials.user() + " (not in admin_users or stats_users), as only PgBouncer "
                        + "does"));
            } else {
                checks.add(PoolerCheck.notFound(PoolerCheck.Kind.PGBOUNCER_CONSOLE, "no PgBouncer console at "
                        + address + ": " + e.getMessage()));
            }
        }
        return new PoolerDetection(address, checks, version, console);
    }

    private static PoolerCheck cancelKey(Connection connection, int backendPid) {
        int keyPid;
        try {
            if (!connection.isWrapperFor(PGConnection.class)) {
                return PoolerCheck.notFound(PoolerCheck.Kind.CANCEL_KEY, "cancel key not checked: the driver is not "
                        + "pgjdbc");
            }
            keyPid = connection.unwrap(PGConnection.class).getBackendPID();
        } catch (SQLException | LinkageError e) {
            return PoolerCheck.notFound(PoolerCheck.Kind.CANCEL_KEY, "cancel key not checked: " + e.getMessage());
        }
        if (keyPid != backendPid) {
            return PoolerCheck.found(PoolerCheck.Kind.CANCEL_KEY, "the cancel key names backend " + keyPid
                    + " but pg_backend_pid() is " + backendPid + ": lockdoctor logged in to something other than "
                    + "the backend that runs its statements");
        }
        return PoolerCheck.notFound(PoolerCheck.Kind.CANCEL_KEY, "the cancel key names the backend itself ("
                + backendPid + ")");
    }

    private PoolerCheck serverPort(Connection connection, PoolerEndpoint address) throws SQLException {
        Integer serverPort;
        try (Statement statement = bounded(connection);
                ResultSet rs = statement.executeQuery("SELECT inet_server_port()")) {
            rs.next();
            serverPort = (Integer) rs.getObject(1);
        }
        if (serverPort == null) {
            return PoolerCheck.notFound(PoolerCheck.Kind.SERVER_PORT, "the server session is on a Unix socket "
                    + "(inet_server_port() is null)");
        }
        if (serverPort != address.port()) {
            return PoolerCheck.found(PoolerCheck.Kind.SERVER_PORT, "PostgreSQL listens on port " + serverPort
                    + " but the URL names port " + address.port());
        }
        return PoolerCheck.notFound(PoolerCheck.Kind.SERVER_PORT, "PostgreSQL's port is the URL's (" + serverPort + ")");
    }

    private static PoolerCheck backendSharing(int first, int other, int again) {
        if (first != again) {
            return PoolerCheck.found(PoolerCheck.Kind.BACKEND_SHARED, "one connection was served by backend "
                    + first + ", then by backend " + again);
        }
        if (other == first) {
            return PoolerCheck.found(PoolerCheck.Kind.BACKEND_SHARED, "two connections were both served by backend "
                    + first);
        }
        return PoolerCheck.notFound(PoolerCheck.Kind.BACKEND_SHARED, "two connections kept backends " + first
                + " and " + other + " across transactions");
    }

    private PoolerCheck pgpool(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                return PoolerCheck.notFound(PoolerCheck.Kind.PGPOOL_NODES, "SHOW pool_nodes not tried: the "
                        + "connection is in a transaction, which an error would abort");
            }
            List<String> nodes = new ArrayList<>();
            try (Statement statement = bounded(connection);
                    ResultSet rs = statement.executeQuery("SHOW pool_nodes")) {
                while (rs.next()) {
                    nodes.add(rs.getString("hostname") + ":" + rs.getString("port") + " " + rs.getString("status"));
                }
            }
            return PoolerCheck.found(PoolerCheck.Kind.PGPOOL_NODES, "pgpool-II answered SHOW pool_nodes: " + nodes);
        } catch (SQLException e) {
            String answer = UNDEFINED_OBJECT.equals(e.getSQLState()) ? "PostgreSQL does not know it"
                    : Secrets.mask(e.getMessage());
            return PoolerCheck.notFound(PoolerCheck.Kind.PGPOOL_NODES, "SHOW pool_nodes: " + answer);
        }
    }

    private int backendPid(Connection connection) throws SQLException {
        try (Statement statement = bounded(connection);
                ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * A statement bounded by the timeout on the client side: no {@code SET statement_timeout} may
     * be sent here, and a pooler whose servers are all busy queues a query instead of running it.
     */
    private Statement bounded(Connection connection) throws SQLException {
        Statement statement = connection.createStatement();
        statement.setQueryTimeout(settings.timeoutSeconds());
        return statement;
    }
}
