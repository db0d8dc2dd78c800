package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.core.spi.Statements;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Seeing through a connection pooler in front of PostgreSQL: the one entry point.
 *
 * <p>Why: a client paused behind PgBouncer in transaction pooling (or whose server connection
 * {@code server_idle_timeout} closed) holds no session on PostgreSQL, so {@code pg_stat_activity}
 * cannot show it; only the pooler's own client list can. Three steps, in this order:
 *
 * <ol>
 *   <li>{@link #detect} once, on connections fresh from the data source, before any session
 *       setting is sent: does lockdoctor's own connection go through a pooler, and how was that
 *       found ({@link PoolerDetection#checks()}: cancel key, backend sharing, server port,
 *       PgBouncer's console, pgpool-II). When {@link PoolerDetection#throughPooler()}, the
 *       database's session list is a partial view: not observable unless the pooler's clients are
 *       read too. When {@link PoolerDetection#transactionPooling()}, a session-level {@code SET}
 *       (statement or lock timeout) would stay on a server connection that other clients use
 *       next: only {@code SET LOCAL} inside a transaction is safe.</li>
 *   <li>{@link #openConsole} on PgBouncer's console: the address the detection found
 *       ({@link PoolerDetection#console()}), or the admin address an operator gives when
 *       lockdoctor connects to PostgreSQL directly. Keep it open for the observe window and call
 *       {@link PgBouncerConsole#snapshot()} at each sample; every
 *       {@link PgBouncerSnapshot#clientsOf(String) client of the inspected database} is a
 *       connected client (lockdoctor's own carry its application name), reported with its address,
 *       user, application, connect and request times, state and end command (printed, never
 *       run). Credentials: the database account when it is in {@code admin_users} or
 *       {@code stats_users}, else {@link ConsoleCredentials#fromEnvironment} or an option; a
 *       {@link PoolerConsoleException} says which ({@link PoolerConsoleException#reason()}).</li>
 *   <li>{@link #poolerSessions} at each sample: the sessions on PostgreSQL whose client is a
 *       pooler (certain when a console snapshot lists them as its server connections, likely from
 *       their traces otherwise), by the pid the session sampling shows, so the report can name
 *       them as the pooler's.</li>
 * </ol>
 *
 * <p>Only reads are sent anywhere: {@code SELECT}, and {@code SHOW} on the console.
 */
public final class PoolerInspector {
    private final SessionSettings settings;
    private final ConsoleTls tls;
    private final Clock clock;
    private final PoolerDetector detector;
    private final PoolerSessionFinder sessionFinder = new PoolerSessionFinder();

    /** Console sessions with {@link ConsoleTls#prefer()}, as pgjdbc's default {@code sslmode}. */
    public PoolerInspector(SessionSettings settings, Clock clock) {
        this(settings, ConsoleTls.prefer(), clock);
    }

    public PoolerInspector(SessionSettings settings, ConsoleTls tls, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.detector = new PoolerDetector(settings, tls, clock);
    }

    /**
     * Whether connections from {@code dataSource} (which must lend two at once) go through a pooler
     * or proxy at {@code jdbcUrl}'s address. Tries PgBouncer's console there with {@code credentials}
     * (a refusal proves PgBouncer as well as an answer does).
     *
     * @throws io.lockdoctor.core.model.DatabaseAccessException when the database itself cannot be read
     */
    public PoolerDetection detect(DataSource dataSource, String jdbcUrl, ConsoleCredentials credentials) {
        return detector.detect(dataSource, jdbcUrl, credentials);
    }

    /**
     * A session on PgBouncer's console at {@code endpoint}; the caller closes it.
     *
     * @throws PoolerConsoleException when it cannot be read, with the reason
     */
    public PgBouncerConsole openConsole(PoolerEndpoint endpoint, ConsoleCredentials credentials) {
        return PgBouncerConsole.open(endpoint, credentials, settings, tls, clock);
    }

    /**
     * The sessions of the database behind {@code sql} whose client is a pooler, matched against
     * the server lists of {@code consoles} (empty: traces only).
     */
    public List<PoolerSession> poolerSessions(Statements sql, List<PgBouncerSnapshot> consoles) {
        return sessionFinder.find(sql, consoles);
    }
}
