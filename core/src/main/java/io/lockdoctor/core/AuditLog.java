package io.lockdoctor.core;

/**
 * Where a clear records what it is about to do and what it did. {@link #append} must not return
 * before the line is durable: a clear deletes nothing when it cannot record its intent.
 */
interface AuditLog {
    /** @throws AuditException when the line cannot be written durably */
    void append(AuditEntry entry);

    /**
     * Called before a clear starts, so that an audit that cannot take the next record refuses the
     * clear at once rather than after the observe window. {@link #append} checks again.
     *
     * @throws AuditException when the audit cannot take another record
     */
    default void check() {
    }

    /** Says where the lines go, for messages. */
    String describe();
}
