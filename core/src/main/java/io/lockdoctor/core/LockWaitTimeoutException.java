package io.lockdoctor.core;

import io.lockdoctor.core.model.DatabaseAccessException;

/**
 * A statement gave up waiting for a lock another session holds. On a history table this is itself
 * evidence: HAPI's migrator is the one that locks it.
 */
class LockWaitTimeoutException extends DatabaseAccessException {
    private static final long serialVersionUID = 1L;

    public LockWaitTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
