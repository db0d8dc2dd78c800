package io.lockdoctor.core.model;

/**
 * Base of every error lockdoctor reports. Messages name the database, schema and table concerned
 * and say what the user can do next; they never contain a password.
 */
public class LockDoctorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LockDoctorException(String message) {
        super(message);
    }

    public LockDoctorException(String message, Throwable cause) {
        super(message, cause);
    }
}
