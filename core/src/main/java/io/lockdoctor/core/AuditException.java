package io.lockdoctor.core;

import io.lockdoctor.core.model.LockDoctorException;

/** The audit line could not be written: a clear that needs it deletes nothing. */
class AuditException extends LockDoctorException {
    private static final long serialVersionUID = 1L;

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
