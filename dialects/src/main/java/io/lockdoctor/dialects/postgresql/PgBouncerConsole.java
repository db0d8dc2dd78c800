package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.spi.SessionSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A session on PgBouncer's admin console (the virtual database {@code pgbouncer}), read with
 * {@code SHOW VERSION}, {@code SHOW DATABASES}, {@code SHOW CLIENTS} and {@code SHOW SERVERS} over
 * the simple query protocol. Columns are read by name, so versions that add columns (1.23 added
 * {@code id}, {@code replication}, {@code prepared_statements}) read the same. Keep one open for a
 * whole observe window and call {@link #snapshot()} at each sample.
 *
 * <p>Nothing but {@code SHOW} is ever sent: the end commands in {@link PgBouncerClient} are printed
 * for the operator, never run.
 */
public final class PgBouncerConsole implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]");

    private final ConsoleWire wire;
    private final PoolerEndpoint endpoint;
    private final String version;
    private final Clock clock;

    private PgBouncerConsole(ConsoleWire wire, PoolerEndpoint endpoint, String version, Clock clock) {
        this.wire = wire;
        this.endpoint = endpoint;
        this.version = version;
        this.clock = clock;
    }

    /**
     * Logs in to the console at {@code endpoint} and checks with {@code SHOW VERSION} that it is
     * PgBouncer's. Connecting, logging in and every command are bounded by the settings' timeout.
     *
     * @throws PoolerConsoleException with the reason the console could not be read
     */
    public static PgBouncerConsole open(PoolerEndpoint endpoint, ConsoleCredentials credentials,
            SessionSettings settings, ConsoleTls tls, Clock clock) {
        Objects.requireNonNull(credentials, "credentials");
        ConsoleWire wire;
        try {
            wire = ConsoleWire.connect(endpoint, PgBouncerSnapshot.CONSOLE_DATABASE, credentials.user(),
                    credentials.password(), settings.applicationName(), settings.timeout(), tls);
        } catch (ConsoleWireException e) {
            throw loginFailure(endpoint, credentials, e);
        } catch (IOException e) {
            throw new PoolerConsoleException(PoolerConsoleException.Reason.UNREACHABLE, "nothing answers at " + endpoint
                    + " (" + e.getMessage() + "): give the pooler's admin address as host:port", e);
        }
        try {
            // Old PgBouncers answer SHOW VERSION with a notice and no row; PostgreSQL answers with an error.
            String version = Objects.requireNonNullElse(single(wire.query("SHOW VERSION"), "version"),
                    "PgBouncer (version not listed)");
            if (!version.startsWith("PgBouncer")) {
                throw new PoolerConsoleException(PoolerConsoleException.Reason.NOT_PGBOUNCER, endpoint
                        + " answered SHOW VERSION with '" + version + "', not PgBouncer", null);
            }
            return new PgBouncerConsole(wire, endpoint, version, clock);
        } catch (ConsoleWireException e) {
            closeQuietly(wire);
            // PostgreSQL with a database named pgbouncer: "unrecognized configuration parameter".
            throw new PoolerConsoleException(PoolerConsoleException.Reason.NOT_PGBOUNCER, endpoint
                    + " is not PgBouncer's console: SHOW VERSION failed (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(wire);
            throw e instanceof PoolerConsoleException p ? p : failed(endpoint, "SHOW VERSION", e);
        }
    }

    public PoolerEndpoint endpoint() {
        return endpoint;
    }

    /** {@code SHOW VERSION}, e.g. {@code PgBouncer 1.18.0}. */
    public String version() {
        return version;
    }

    /** Reads the client and server lists now. */
    public PgBouncerSnapshot snapshot() {
        Instant takenAt = clock.instant();
        Map<String, String> serverDatabases = serverDatabases(run("SHOW DATABASES"));
        List<Map<String, String>> clientRows = run("SHOW CLIENTS");
        List<PgBouncerClient> clients = clientRows.stream()
                .map(row -> client(row, serverDatabases))
                .toList();
        List<PgBouncerServer> servers = run("SHOW SERVERS").stream().map(PgBouncerConsole::server).toList();
        return new PgBouncerSnapshot(endpoint, version, takenAt, clients, servers);
    }

    @Override
    public void close() {
        closeQuietly(wire);
    }

    private List<Map<String, String>> run(String command) {
        try {
            return wire.query(command);
        } catch (IOException e) {
            throw failed(endpoint, command, e);
        }
    }

    /** PgBouncer's database name to PostgreSQL's ({@code dbname=} in its [databases] entry, else the same name). */
    private static Map<String, String> serverDatabases(List<Map<String, String>> rows) {
        Map<String, String> names = new HashMap<>();
        for (Map<String, String> row : rows) {
            String target = row.get("database");
            names.put(row.get("name"), target == null || target.isEmpty() ? row.get("name") : target);
        }
        return names;
    }

    private static PgBouncerClient client(Map<String, String> row, Map<String, String> serverDatabases) {
        String database = row.get("database");
        String listedId = row.get("id");
        String id = listedId != null ? listedId : row.get("ptr");
        String endCommand;
        String note;
        if (listedId != null) {
            endCommand = "KILL_CLIENT " + listedId + ";";
            note = null;
        } else {
            // Before KILL_CLIENT (PgBouncer 1.18 and the like) one client cannot be ended alone.
            String name = consoleIdentifier(database);
            endCommand = "KILL " + name + "; RESUME " + name + ";";
            note = "this PgBouncer cannot end one client: KILL ends every client and server connection of "
                    + database + " on it, and RESUME lets new ones in again; or stop the client's process";
        }
        return new PgBouncerClient(row.get("ptr"), id, row.get("user"), database, serverDatabases.getOrDefault(database, database),
                row.get("state"), row.get("addr"), number(row.get("port")), nullToEmpty(row.get("application_name")),
                time(row.get("connect_time")), time(row.get("request_time")), blankToNull(row.get("link")), endCommand,
                note);
    }

    private static PgBouncerServer server(Map<String, String> row) {
        return new PgBouncerServer(row.get("ptr"), row.get("user"), row.get("database"), row.get("state"),
                row.get("addr"), number(row.get("port")), row.get("local_addr"), number(row.get("local_port")),
                number(row.get("remote_pid")), time(row.get("connect_time")), time(row.get("request_time")),
                blankToNull(row.get("link")), nullToEmpty(row.get("application_name")));
    }

    /** A database name as the console's parser takes it: bare when plain, else double-quoted. */
    static String consoleIdentifier(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : '"' + name.replace("\"", "\"\"") + '"';
    }

    /** PgBouncer prints times as {@code 2026-11-30 23:17:31 UTC} (its log time zone); null when unreadable. */
    static Instant time(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        int space = text.lastIndexOf(' ');
        try {
            ZoneId zone = ZoneId.of(text.substring(space + 1).toUpperCase(Locale.ROOT), ZoneId.SHORT_IDS);
            return LocalDateTime.parse(text.substring(0, space), TIME).atZone(zone).toInstant();
        } catch (java.time.DateTimeException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static int number(String text) {
        try {
            return text == null ? 0 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String single(List<Map<String, String>> rows, String column) {
        return rows.isEmpty() ? null : rows.get(0).get(column);
    }

    private static PoolerConsoleException loginFailure(PoolerEndpoint endpoint, ConsoleCredentials credentials,
            ConsoleWireException e) {
        String message = e.getMessage();
        if ("not allowed".equals(message)) {
            return new PoolerConsoleException(PoolerConsoleException.Reason.NOT_ALLOWED, "PgBouncer at " + endpoint
                    + " refused its console to " + credentials.user() + " (not in admin_users or stats_users): give a "
                    + "console account through " + ConsoleCredentials.USER_VARIABLE + " and "
                    + ConsoleCredentials.PASSWORD_VARIABLE, e);
        }
        if ("3D000".equals(e.sqlState())) {
            return new PoolerConsoleException(PoolerConsoleException.Reason.NOT_PGBOUNCER, endpoint + " has no "
                    + PgBouncerSnapshot.CONSOLE_DATABASE + " database (" + message + "): it is not PgBouncer", e);
        }
        if (e.sqlState() != null && e.sqlState().startsWith("28") || message.contains("authentication")) {
            return new PoolerConsoleException(PoolerConsoleException.Reason.LOGIN_FAILED, "the console at " + endpoint
                    + " rejected the login of " + credentials.user() + " (" + message + "): check the console account "
                    + "and its password (" + ConsoleCredentials.PASSWORD_VARIABLE + ")", e);
        }
        return new PoolerConsoleException(PoolerConsoleException.Reason.FAILED, "could not log in to the console at "
                + endpoint + " as " + credentials.user() + ": " + message, e);
    }

    private static PoolerConsoleException failed(PoolerEndpoint endpoint, String command, Exception e) {
        return new PoolerConsoleException(PoolerConsoleException.Reason.FAILED, "PgBouncer's console at " + endpoint
                + " failed on " + command + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(ConsoleWire wire) {
        try {
            wire.close();
        } catch (IOException ignored) {
            // the session is gone either way
        }
    }
}
