package io.lockdoctor.dialects.postgresql;

import java.time.Instant;

/**
 * One client connection logged in to PgBouncer ({@code SHOW CLIENTS}): a process that may hold no
 * session on PostgreSQL at all while it sits idle (transaction pooling, or after
 * {@code server_idle_timeout} closed its server connection), yet resumes at any moment.
 *
 * @param ptr PgBouncer's internal address of the connection ({@link PgBouncerServer#linkedClient()} names it)
 * @param id what identifies it on the console: the {@code id} column where PgBouncer lists one
 *        (the argument of {@code KILL_CLIENT}), else the internal {@code ptr}
 * @param database the database name the client asked PgBouncer for
 * @param serverDatabase the PostgreSQL database that name leads to ({@code SHOW DATABASES})
 * @param state as PgBouncer says: in 1.18 {@code active} covers a client that sits idle too
 *        (only {@code waiting} means queued for a server), so {@link #linkedServer()} tells whether
 *        it holds a server connection now
 * @param address the client's address as PgBouncer sees it, {@code unix} for a socket
 * @param applicationName the {@code application_name} the client sent at login, empty when none:
 *        pgjdbc sends it later with {@code SET} unless {@code assumeMinServerVersion} is 9.0 or
 *        more, and PgBouncer 1.18 in transaction pooling then lists no name
 * @param connectTime when it logged in to PgBouncer, null when PgBouncer's text was unreadable
 * @param requestTime its latest request, i.e. idle since then when its state is not active
 * @param linkedServer the {@code ptr} of the server connection it holds now, null when none
 * @param endCommand the console command that would end it, printed for the operator, never run
 * @param endCommandNote what that command does besides, when it is more than this client
 */
public record PgBouncerClient(
        String ptr,
        String id,
        String user,
        String database,
        String serverDatabase,
        String state,
        String address,
        int port,
        String applicationName,
        Instant connectTime,
        Instant requestTime,
        String linkedServer,
        String endCommand,
        String endCommandNote) {

    /** {@code user@address:port}, as a report names the client. */
    public String label() {
        return user + "@" + address + ":" + port;
    }
}
