package io.lockdoctor.core.verdict;

/** What a piece of evidence is about. */
public enum EvidenceKind {
    /** The lock row itself: UUID, date, writer. */
    LOCK_ROW,
    /** The lower bound on the lock's age and where it comes from. */
    LOCK_AGE,
    /** Whether and what other sessions were seen on the database. */
    SESSIONS,
    /** More than one lock row: the unique index on installed_rank is missing, HAPI's lock excludes nothing. */
    LOCK_INDEX
}
