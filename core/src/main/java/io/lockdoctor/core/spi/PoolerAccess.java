package io.lockdoctor.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a connection pooler's console (e.g. PgBouncer's {@code pgbouncer} database): its
 * address when lockdoctor connects to the database directly while the servers use a pooler
 * (otherwise the address lockdoctor connects to is tried), and the account to log in with.
 *
 * @param adminAddress {@code host:port} of the pooler, when given
 * @param user the console account (the database account when none was given)
 * @param password its password, null when none; never printed
 */
public record PoolerAccess(Optional<String> adminAddress, String user, String password) {

    public PoolerAccess {
        Objects.requireNonNull(adminAddress, "adminAddress");
    }

    @Override
    public String toString() {
        return "PoolerAccess[adminAddress=" + adminAddress.orElse("-") + ", user=" + user + ", password="
                + (password == null ? "none" : "****") + "]";
    }
}
