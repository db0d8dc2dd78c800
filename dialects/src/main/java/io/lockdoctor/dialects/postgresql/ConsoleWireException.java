package io.lockdoctor.dialects.postgresql;

/** An error a console answered with (its SQLSTATE when it sent one), or a protocol fault. */
final class ConsoleWireException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;

    ConsoleWireException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    /** The SQLSTATE the server sent, or null. */
    String sqlState() {
        return sqlState;
    }
}
