package io.lockdoctor.cli.options;

import io.lockdoctor.core.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a password comes from, never the command line: a variable named with one option, the first
 * line of a file named with another, else a default variable. The database's password and the pooler
 * console's are read the same way.
 *
 * @param variableOption the option naming the variable, e.g. {@code --password-env}
 * @param fileOption the option naming the file, e.g. {@code --password-file}
 * @param defaultVariable the variable read when neither option is given
 */
record SecretSource(String variableOption, String fileOption, String defaultVariable) {
    /**
     * The secret, or null when neither option is given and the default variable is not set.
     *
     * @param variable the value of the variable option (a variable's name), or null
     * @param file the value of the file option, or null
     * @param env the environment
     */
    String resolve(String variable, Path file, Function<String, Optional<String>> env) {
        if (variable != null && file != null) {
            throw new InvalidInputException("give either " + variableOption + " or " + fileOption + ", not both");
        }
        if (variable != null) {
            // Not echoed: a password typed here by mistake would be printed back.
            return env.apply(variable).orElseThrow(() -> new InvalidInputException("the environment variable named by "
                    + variableOption + " is not set or empty; " + variableOption + " takes the name of a variable "
                    + "holding the password (e.g. PGPASSWORD), never the password itself"));
        }
        if (file != null) {
            return firstLine(file);
        }
        return env.apply(defaultVariable).orElse(null);
    }

    private String firstLine(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String firstLine = content.lines().findFirst().orElse("");
            if (firstLine.isEmpty()) {
                throw new InvalidInputException(fileOption + " " + file + " is empty");
            }
            return firstLine;
        } catch (IOException e) {
            throw new InvalidInputException(fileOption + " " + file + " cannot be read: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }
}
