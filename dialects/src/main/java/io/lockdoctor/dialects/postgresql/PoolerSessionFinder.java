package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.spi.Statements;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the sessions of the current database whose client is a pooler: certainly when a
 * PgBouncer console lists them among its server connections (by backend pid, or by the address
 * and port PostgreSQL sees), likely when they carry a pooler's traces.
 */
final class PoolerSessionFinder {
    /** PgBouncer's {@code application_name_add_host = 1} appends {@code " - address:port"}. */
    private static final Pattern ADDED_HOST = Pattern.compile(".* - (\\[[0-9A-Fa-f:.]+\\]|[0-9.]+|unix):\\d+$");

    private static final String SESSIONS = """
            SELECT pid, host(client_addr), client_port, application_name, query
              FROM pg_stat_activity
             WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()
            """;

    List<PoolerSession> find(Statements sql, List<PgBouncerSnapshot> consoles) {
        return sql.list(SESSIONS, rs -> classify(rs, consoles))
                .stream()
                .flatMap(Optional::stream)
                .toList();
    }

    private static Optional<PoolerSession> classify(ResultSet rs, List<PgBouncerSnapshot> consoles)
            throws SQLException {
        int pid = rs.getInt(1);
        String address = rs.getString(2);
        int port = rs.getInt(3);
        String application = rs.getString(4);
        String query = rs.getString(5);
        for (PgBouncerSnapshot console : consoles) {
            Optional<PgBouncerServer> server = console.serverForBackend(pid)
                    .or(() -> console.serverForClientAddress(address, port));
            if (server.isPresent()) {
                return Optional.of(new PoolerSession(Integer.toString(pid), address, port, application, true,
                        describe(console, server.get())));
            }
        }
        List<String> traces = new ArrayList<>();
        if (query != null && query.strip().replaceAll(";$", "").toUpperCase(Locale.ROOT).equals("DISCARD ALL")) {
            traces.add("its last statement is DISCARD ALL, which poolers run when a client gives the connection back");
        }
        if (application != null && ADDED_HOST.matcher(application).matches()) {
            traces.add("its application_name ends in a client's address, as PgBouncer's application_name_add_host "
                    + "writes it");
        }
        if (traces.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PoolerSession(Integer.toString(pid), address, port, application, false,
                "probably a connection pooler's server connection: " + String.join("; ", traces)
                        + ". A client paused behind a pooler may hold no session here: read the pooler's clients "
                        + "(its admin address) or inspect through the pooler's address"));
    }

    private static String describe(PgBouncerSnapshot console, PgBouncerServer server) {
        String prefix = "a server connection of " + console.version() + " at " + console.console();
        if (server.linkedClient() == null) {
            return prefix + ", idle in its pool (" + server.state() + ")";
        }
        return prefix + ", lent now to client " + console.clients().stream()
                .filter(client -> server.linkedClient().equals(client.ptr()))
                .map(client -> client.label() + (client.applicationName().isEmpty() ? ""
                        : " (" + client.applicationName() + ")"))
                .findFirst()
                .orElse(server.linkedClient());
    }
}
