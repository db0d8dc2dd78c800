package io.lockdoctor.dialects.postgresql;

import io.lockdoctor.core.model.DatabaseAccessException;

/**
 * A pooler's admin console could not be read. {@link #reason()} tells an unreachable address from
 * one that is no PgBouncer, and a PgBouncer that refused the account from a failed login, because
 * each asks the operator for something else. Messages never carry a password.
 */
public final class PoolerConsoleException extends DatabaseAccessException {
    private static final long serialVersionUID = 1L;

    /** Why the console could not be read. */
    public enum Reason {
        /** Nothing answered at the address, or it stopped answering. */
        UNREACHABLE,
        /** Something answered, but not PgBouncer's console (e.g. PostgreSQL itself). */
        NOT_PGBOUNCER,
        /** PgBouncer answered and refused the account: not in {@code admin_users} or {@code stats_users}. */
        NOT_ALLOWED,
        /** PgBouncer rejected the login (password, or an account it does not know). */
        LOGIN_FAILED,
        /** The console answered a command with an error, or spoke no protocol lockdoctor knows. */
        FAILED
    }

    private final Reason reason;

    PoolerConsoleException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** True when the answer itself proves that a PgBouncer listens at the address. */
    public boolean provesPgBouncer() {
        return reason == Reason.NOT_ALLOWED;
    }
}
