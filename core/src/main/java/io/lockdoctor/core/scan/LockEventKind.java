package io.lockdoctor.core.scan;

/** What a log line tells about the migration lock; the names are part of the JSON contract. */
public enum LockEventKind {
    /** {@code Migration Lock Row added. [uuid=...]}: the exact moment a migrator took the lock. */
    LOCK_ADDED,
    /** {@code Waiting for lock on T.  Retry n/m}: a migrator found the lock taken and retries. */
    LOCK_WAIT,
    /** HAPI-2153 (or the older message without a code): a migrator gave up waiting. */
    LOCK_BLOCKED,
    /** {@code Repairing lock table.  Removing row in T ...}: {@code CLEAR_LOCK_TABLE_WITH_DESCRIPTION} was set. */
    LOCK_REPAIR,
    /** {@code Successfully removed lock record}: the repair deleted the row. */
    LOCK_REMOVED,
    /** {@code Failed to delete migration lock record for description = [u]}: the lock was left behind. */
    LOCK_RELEASE_FAILED,
    /** HAPI-2152: another lock row was found while unlocking or repairing. */
    COMPETING_LOCK,
    /** HAPI-0047 or {@code Migration failed}: a migration task failed (the lock is normally released). */
    MIGRATION_FAILED
}
