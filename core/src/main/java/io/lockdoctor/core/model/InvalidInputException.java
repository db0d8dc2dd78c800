package io.lockdoctor.core.model;

/** The caller gave a value lockdoctor will not use: a malformed UUID, an unsafe identifier, a bad duration. */
public class InvalidInputException extends LockDoctorException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}
