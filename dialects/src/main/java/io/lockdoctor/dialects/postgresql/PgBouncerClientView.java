package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.spi.ClientView;
import io.lockdoctor.core.spi.PoolerAccess;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.Statements;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link ClientView} of PostgreSQL: what {@link PoolerInspector} finds between lockdoctor and
 * the server, and PgBouncer's client list, read at every sample, when its console can be read
 * (at the address lockdoctor connects to, or the admin address the operator gave).
 */
final class PgBouncerClientView implements ClientView {
    /** Prefixes a PgBouncer client's id in a report, so it is never taken for a PostgreSQL pid. */
    static final String ID_PREFIX = "pgbouncer:";

    private final PoolerInspector inspector;
    private final PoolerDetection detection;
    private final PgBouncerConsole console;
    private final String consoleProblem;
    private final boolean named;

    private PgBouncerClientView(PoolerInspector inspector, PoolerDetection detection, PgBouncerConsole console,
            String consoleProblem, boolean named) {
        this.inspector = inspector;
        this.detection = detection;
        this.console = console;
        this.consoleProblem = consoleProblem;
        this.named = named;
    }

    static ClientView find(DataSource dataSource, String jdbcUrl, PoolerAccess access, SessionSettings settings) {
        PoolerInspector inspector = new PoolerInspector(settings, Clock.systemUTC());
        ConsoleCredentials credentials = access.user() == null ? null
                : new ConsoleCredentials(access.user(), access.password());
        PoolerDetection detection = inspector.detect(dataSource, jdbcUrl, credentials);
        boolean named = access.adminAddress().isPresent();
        Optional<PoolerEndpoint> where = access.adminAddress().map(PoolerEndpoint::parse).or(detection::console);
        if (where.isEmpty() || credentials == null) {
            return new PgBouncerClientView(inspector, detection, null, detection.throughPooler() || named
                    ? "its client list cannot be read: no console answered at " + detection.address() : null, named);
        }
        try {
            return new PgBouncerClientView(inspector, detection, inspector.openConsole(where.get(), credentials), null,
                    named);
        } catch (PoolerConsoleException e) {
            return new PgBouncerClientView(inspector, detection, null, "PgBouncer's console at " + where.get()
                    + (named ? " (--pooler-admin)" : "") + " could not be read (" + e.getMessage() + ")", named);
        }
    }

    @Override
    public String description() {
        String how = capitalize(detection.summary());
        if (console != null) {
            return how + "; " + console.version() + "'s client list at " + console.endpoint() + " is read at every sample";
        }
        return consoleProblem == null ? how : how + "; " + consoleProblem;
    }

    @Override
    public boolean partialView() {
        return detection.throughPooler() || named;
    }

    @Override
    public boolean transactionPooling() {
        return detection.transactionPooling();
    }

    @Override
    public boolean readsClients() {
        return console != null;
    }

    @Override
    public String settleBy() {
        return console != null ? null : "let lockdoctor read the pooler's client list: put its account in PgBouncer's "
                + "stats_users (or give another with --pooler-user and LOCKDOCTOR_POOLER_PASSWORD), and give "
                + "--pooler-admin HOST:PORT when its console is not at the address of --url";
    }

    @Override
    public List<SessionActivity> clients(Statements sql) {
        if (console == null) {
            return List.of();
        }
        String database = sql.one("SELECT current_database()", RowMapper.STRING);
        return console.snapshot().clientsOf(database).stream().map(PgBouncerClientView::asSession).toList();
    }

    private static SessionActivity asSession(PgBouncerClient client) {
        String application = client.applicationName() == null || client.applicationName().isBlank() ? null
                : client.applicationName();
        return new SessionActivity(ID_PREFIX + client.id(), client.user(), client.address() + ":" + client.port(),
                application, client.connectTime(), null, client.linkedServer() != null, false, false, true, null,
                List.of(), client.requestTime());
    }

    @Override
    public String terminateCommand(SessionActivity client) {
        String id = client.id().substring(ID_PREFIX.length());
        return console == null ? "" : console.snapshot().clients().stream()
                .filter(c -> c.id().equals(id)).findFirst()
                .map(c -> c.endCommand() + " (on PgBouncer's console at " + console.endpoint() + ")"
                        + (c.endCommandNote() == null ? "" : "; " + c.endCommandNote()))
                .orElse("(gone from PgBouncer's console)");
    }

    @Override
    public Map<String, String> poolerSessions(Statements sql) {
        Map<String, String> out = new LinkedHashMap<>();
        inspector.poolerSessions(sql, console == null ? List.of() : List.of(console.snapshot()))
                .forEach(s -> out.put(s.pid(), s.detail()));
        return out;
    }

    @Override
    public boolean owns(SessionActivity session) {
        return session.id().startsWith(ID_PREFIX);
    }

    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
