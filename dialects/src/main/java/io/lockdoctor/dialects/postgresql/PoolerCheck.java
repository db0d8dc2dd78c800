package io.lockdoctor.dialects.postgresql;

import java.util.Objects;

/**
 * One way of telling whether lockdoctor's own connection goes through a pooler or proxy, as it
 * was checked: what was compared or asked, and whether it found one. Every check is kept, found
 * or not, so the evidence says how the answer was reached.
 *
 * @param found true when this check saw something between lockdoctor and PostgreSQL
 * @param detail what was observed, e.g. {@code cancel key pid 18342 != pg_backend_pid() 9504}
 */
public record PoolerCheck(Kind kind, boolean found, String detail) {

    /** The checks, each with what a positive answer proves. */
    public enum Kind {
        /**
         * The backend pid in the cancel key the server sent at login differs from
         * {@code pg_backend_pid()}: whatever lockdoctor logged in to is not the backend that runs
         * its statements (PgBouncer and other poolers hand out their own cancel keys).
         */
        CANCEL_KEY(true),
        /**
         * {@code pg_backend_pid()} changed between two transactions of one connection, or two
         * connections were served by the same backend: transaction (or statement) pooling.
         */
        BACKEND_SHARED(true),
        /** PgBouncer's admin console ({@code SHOW VERSION} on database {@code pgbouncer}) answered at the address, or refused this account as only PgBouncer does. */
        PGBOUNCER_CONSOLE(true),
        /** pgpool-II answered {@code SHOW pool_nodes} on lockdoctor's own connection. */
        PGPOOL_NODES(true),
        /**
         * {@code inet_server_port()} differs from the port in the URL. Alone this does not prove a
         * pooler: port forwarding (a container's published port, {@code kubectl port-forward})
         * keeps one server session per connection.
         */
        SERVER_PORT(false);

        private final boolean provesPooler;

        Kind(boolean provesPooler) {
            this.provesPooler = provesPooler;
        }

        /** Whether a positive answer proves that sessions are pooled (and so may be invisible). */
        public boolean provesPooler() {
            return provesPooler;
        }
    }

    public PoolerCheck {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    static PoolerCheck found(Kind kind, String detail) {
        return new PoolerCheck(kind, true, detail);
    }

    static PoolerCheck notFound(Kind kind, String detail) {
        return new PoolerCheck(kind, false, detail);
    }
}
