package io.lockdoctor.dialects.postgresql;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether lockdoctor's own connection reaches PostgreSQL through a pooler or proxy, and how that
 * was found. Behind a pooler the database's session list is a partial view: a client paused
 * behind it may hold no server session at all, so sessions are observable only together with the
 * pooler's own client list ({@link PgBouncerConsole}).
 *
 * @param address where lockdoctor's URL points
 * @param checks every check made, found or not
 * @param pgBouncerVersion {@code SHOW VERSION} when PgBouncer's console answered
 * @param console where PgBouncer's console answered or refused this account, when it did
 */
public record PoolerDetection(
        PoolerEndpoint address, List<PoolerCheck> checks, Optional<String> pgBouncerVersion,
        Optional<PoolerEndpoint> console) {

    /** What stands between lockdoctor and PostgreSQL. */
    public enum Pooler {
        NONE_FOUND("no pooler or proxy"),
        PGBOUNCER("PgBouncer"),
        PGPOOL("pgpool-II"),
        UNKNOWN("a connection pooler or proxy");

        private final String displayName;

        Pooler(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    public PoolerDetection {
        checks = List.copyOf(checks);
    }

    /** True when a check that proves pooling found one: sessions on the database are then a partial view. */
    public boolean throughPooler() {
        return checks.stream().anyMatch(c -> c.found() && c.kind().provesPooler());
    }

    public Pooler pooler() {
        if (found(PoolerCheck.Kind.PGBOUNCER_CONSOLE)) {
            return Pooler.PGBOUNCER;
        }
        if (found(PoolerCheck.Kind.PGPOOL_NODES)) {
            return Pooler.PGPOOL;
        }
        return throughPooler() ? Pooler.UNKNOWN : Pooler.NONE_FOUND;
    }

    /**
     * True when one backend served different client connections or transactions: session-level
     * {@code SET}s would then leak into other clients' transactions (e.g. a migrator's), so only
     * {@code SET LOCAL} inside a transaction is safe.
     */
    public boolean transactionPooling() {
        return found(PoolerCheck.Kind.BACKEND_SHARED);
    }

    /** One sentence for the evidence, e.g. {@code the connection goes through PgBouncer 1.18.0 (...)}. */
    public String summary() {
        List<PoolerCheck> found = checks.stream().filter(PoolerCheck::found).toList();
        String how = (found.isEmpty() ? checks : found).stream().map(PoolerCheck::detail)
                .collect(Collectors.joining("; "));
        if (!throughPooler()) {
            String weak = found.isEmpty() ? "" : " that pools sessions (a port forward or TCP proxy may sit between)";
            return "no pooler or proxy found at " + address + weak + ": " + how;
        }
        String name = pgBouncerVersion.orElse(pooler().displayName());
        return "the connection to " + address + " goes through " + name
                + (transactionPooling() ? " in transaction pooling" : "") + ": " + how;
    }

    private boolean found(PoolerCheck.Kind kind) {
        return checks.stream().anyMatch(c -> c.kind() == kind && c.found());
    }
}
