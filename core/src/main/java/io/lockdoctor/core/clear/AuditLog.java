package io.lockdoctor.core.clear;

/**
 * Where a clear records what it is about to do and what it did. {@link #append} must not return
 * before the line is durable: a clear deletes nothing when it cannot record its intent.
 */
public interface AuditLog {
    /** @throws AuditException when the line cannot be written durably */
    void append(AuditEntry entry);

    /** Says where the lines go, for messages. */
    String describe();
}
