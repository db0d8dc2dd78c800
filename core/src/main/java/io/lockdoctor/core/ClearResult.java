package io.lockdoctor.core;

/** How a clear ended. Each maps to one exit code in the CLI. */
public enum ClearResult {
    /** The row was deleted and the deletion committed. */
    DELETED,
    /** A dry run: everything was checked, nothing changed. */
    DRY_RUN,
    /** A migration is active: never cleared, forced or not. */
    REFUSED_ACTIVE,
    /** Staleness is not proven and no force was given. */
    REFUSED_UNCERTAIN,
    /** The operator answered no at the confirmation prompt. */
    DECLINED,
    /** The lock asked for is gone and another lock is in the table: nothing deleted. */
    OTHER_LOCK,
    /** The lock asked for is gone and no other lock is there (the table was read and holds none). */
    NOT_FOUND,
    /**
     * The table (or the database) could not be read, so whether the lock is there is unknown:
     * nothing was deleted. Never reported as NOT_FOUND.
     */
    UNREADABLE,
    /** Something failed (database, audit file); nothing was deleted unless the message says otherwise. */
    FAILED
}
