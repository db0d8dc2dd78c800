package io.lockdoctor.core.model;

/** What a piece of evidence is about. */
public enum EvidenceKind {
    /** The lock row itself: UUID, date, writer. */
    LOCK_ROW,
    /** The lower bound on the lock's age and where it comes from. */
    LOCK_AGE,
    /** The lock row changed, appeared or vanished during the observe window. */
    LOCK_CHANGED,
    /** The observe window: how long, how many samples. */
    OBSERVE_WINDOW,
    /** Whether every other session can be seen, and how that was proven. */
    SESSIONS_OBSERVABLE,
    /** A session whose activity shows a running migration. */
    ACTIVE_SESSION,
    /** A session writing to or locking tables of the database: STALE is ruled out. */
    BLOCKING_SESSION,
    /**
     * Another client connected to the database, running nothing that shows: it could be a migrator
     * paused between tasks, so STALE is ruled out until it is ended or excluded.
     */
    CONNECTED_CLIENT,
    /** A node retrying HAPI's lock INSERT: someone else holds the lock; it does not rule STALE out. */
    LOCK_WAITER,
    /** A client the operator excluded as not a migrator (by name): an assumption, recorded. */
    OPERATOR_ASSUMPTION,
    /** The database's write counters across the window. */
    WRITE_COUNTERS,
    /** Rows of the history table added, changed or removed during the window. */
    HISTORY_PROGRESS,
    /** What the server logs given say about this lock. */
    LOG,
    /** The dialect has not been verified against a real server: verdicts stop at UNCERTAIN. */
    UNVERIFIED_DIALECT,
    /** More than one lock row, or no unique index on installed_rank: HAPI's lock excludes nothing. */
    LOCK_INDEX,
    /** Failed history rows (reported, not part of the verdict). */
    FAILED_MIGRATIONS,
    /** Damage such as invalid indexes left by an interrupted migration (reported, not part of the verdict). */
    DAMAGE
}
