package io.lockdoctor.dialects.postgresql;

/**
 * A session on PostgreSQL whose client is a pooler, not an application: its last statement may
 * be a migrator's, yet the migrator may have let go of it long ago, and a client paused behind
 * the pooler may have no such session at all. Like any connected client it blocks STALE; the
 * report names it as the pooler's, with where to look instead.
 *
 * @param pid the backend pid, as {@code pg_stat_activity} and the session sampling show it
 * @param certain true when a pooler's console lists it among its server connections; false when
 *        only its traces say so (see {@link #detail()})
 * @param detail why it is taken for a pooler's connection, and what it serves when known
 */
public record PoolerSession(
        String pid, String clientAddress, int clientPort, String applicationName, boolean certain, String detail) {
}
