package io.lockdoctor.core.model;

import java.util.Objects;

/**
 * The caller gave a value lockdoctor will not use: a malformed UUID, an unsafe identifier, a bad
 * duration. When one setting is at fault it is named in the caller's terms ({@link #describe}).
 */
public class InvalidInputException extends LockDoctorException {
    private static final long serialVersionUID = 1L;

    private final transient Terms.Setting setting;
    private final String problem;

    public InvalidInputException(String message) {
        super(message);
        this.setting = null;
        this.problem = message;
    }

    /** {@code setting} is wrong: {@code problem} follows its name ("must be positive", "10d is longer than 1h"). */
    public InvalidInputException(Terms.Setting setting, String problem) {
        super(Terms.LIBRARY.name(Objects.requireNonNull(setting, "setting")) + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The message with the setting at fault named as {@code terms} name it. */
    public String describe(Terms terms) {
        return setting == null ? problem : terms.name(setting) + " " + problem;
    }
}
