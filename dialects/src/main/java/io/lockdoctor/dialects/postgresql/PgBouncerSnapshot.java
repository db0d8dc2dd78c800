package io.lockdoctor.dialects.postgresql;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What PgBouncer's console showed at one moment.
 *
 * @param console the console's address
 * @param version {@code SHOW VERSION}, e.g. {@code PgBouncer 1.18.0}
 * @param clients every client ({@code SHOW CLIENTS}), console sessions included
 * @param servers every server connection ({@code SHOW SERVERS})
 */
public record PgBouncerSnapshot(
        PoolerEndpoint console, String version, Instant takenAt, List<PgBouncerClient> clients,
        List<PgBouncerServer> servers) {
    /** The name of PgBouncer's own admin database, which is not a PostgreSQL database. */
    public static final String CONSOLE_DATABASE = "pgbouncer";

    public PgBouncerSnapshot {
        clients = List.copyOf(clients);
        servers = List.copyOf(servers);
    }

    /**
     * The clients logged in to PostgreSQL database {@code serverDatabase} through this PgBouncer,
     * whatever name they connected with; console sessions (lockdoctor's own among them) never count.
     */
    public List<PgBouncerClient> clientsOf(String serverDatabase) {
        return clients.stream()
                .filter(client -> !CONSOLE_DATABASE.equals(client.database()))
                .filter(client -> serverDatabase.equals(client.serverDatabase()))
                .toList();
    }

    /** The server connection PostgreSQL knows as backend {@code pid}, when PgBouncer holds it. */
    public Optional<PgBouncerServer> serverForBackend(int pid) {
        return servers.stream().filter(server -> server.backendPid() == pid).findFirst();
    }

    /** The server connection whose local end is {@code address:port}, as PostgreSQL sees its client. */
    public Optional<PgBouncerServer> serverForClientAddress(String address, int port) {
        return servers.stream()
                .filter(server -> server.localPort() == port && address != null && address.equals(server.localAddress()))
                .findFirst();
    }
}
