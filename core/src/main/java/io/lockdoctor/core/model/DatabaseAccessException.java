package io.lockdoctor.core.model;

/** A database could not be reached or read: connection refused, authentication, timeout, privileges. */
public class DatabaseAccessException extends LockDoctorException {
    private static final long serialVersionUID = 1L;

    public DatabaseAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatabaseAccessException(String message) {
        super(message);
    }
}
