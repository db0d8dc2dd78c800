package io.lockdoctor.core.model;

/** The database product behind a connection is not one lockdoctor has a dialect for. */
public class UnsupportedDatabaseException extends LockDoctorException {
    private static final long serialVersionUID = 1L;

    public UnsupportedDatabaseException(String message) {
        super(message);
    }
}
