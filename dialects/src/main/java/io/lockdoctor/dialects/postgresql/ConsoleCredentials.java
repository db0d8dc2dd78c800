package io.lockdoctor.dialects.postgresql;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The account lockdoctor logs in to a pooler's admin console with. By default the same account
 * as its database connection (enough when that account is in PgBouncer's {@code admin_users} or
 * {@code stats_users}); otherwise one given through the environment or an option, never on the
 * command line. The password never appears in {@link #toString()}.
 */
public record ConsoleCredentials(String user, String password) {
    /** Environment variable naming the console account, read by {@link #fromEnvironment}. */
    public static final String USER_VARIABLE = "LOCKDOCTOR_POOLER_USER";
    /** Environment variable holding the console account's password. */
    public static final String PASSWORD_VARIABLE = "LOCKDOCTOR_POOLER_PASSWORD";

    public ConsoleCredentials {
        Objects.requireNonNull(user, "user");
        if (user.isBlank()) {
            throw new io.lockdoctor.core.model.InvalidInputException("the pooler console's user name is empty");
        }
    }

    /**
     * The account named by {@value #USER_VARIABLE} and {@value #PASSWORD_VARIABLE}, when the user
     * variable is set.
     */
    public static Optional<ConsoleCredentials> fromEnvironment(Map<String, String> environment) {
        String user = environment.get(USER_VARIABLE);
        if (user == null || user.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new ConsoleCredentials(user, environment.get(PASSWORD_VARIABLE)));
    }

    /**
     * The console account in order of precedence: one the operator gave (an option naming the user,
     * the password from an environment variable or a file), then {@link #fromEnvironment}, then the
     * database account itself.
     */
    public static ConsoleCredentials choose(Optional<ConsoleCredentials> given, Map<String, String> environment,
            String databaseUser, String databasePassword) {
        return given.or(() -> fromEnvironment(environment))
                .orElseGet(() -> new ConsoleCredentials(databaseUser, databasePassword));
    }

    @Override
    public String toString() {
        return "ConsoleCredentials[user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
