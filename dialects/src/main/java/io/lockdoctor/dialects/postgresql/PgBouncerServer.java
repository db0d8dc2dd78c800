package io.lockdoctor.dialects.postgresql;

import java.time.Instant;

/**
 * One connection PgBouncer holds to PostgreSQL ({@code SHOW SERVERS}). On PostgreSQL it is a
 * session whose client is PgBouncer: {@code pg_stat_activity.pid} equals {@link #backendPid()}
 * (over TCP PgBouncer learns it from the cancel key), and its {@code client_addr}/
 * {@code client_port} equal {@link #localAddress()}/{@link #localPort()} unless a NAT sits between.
 *
 * @param state {@code active} (lent to a client), {@code idle}, {@code used}, {@code tested}, ...
 * @param linkedClient the {@code ptr} of the client it serves now, null when it is idle in the pool
 * @param applicationName the linked client's {@code application_name}
 */
public record PgBouncerServer(
        String ptr,
        String user,
        String database,
        String state,
        String address,
        int port,
        String localAddress,
        int localPort,
        int backendPid,
        Instant connectTime,
        Instant requestTime,
        String linkedClient,
        String applicationName) {
}
