package io.lockdoctor.cli.options;

import io.lockdoctor.core.InvalidInputException;
import io.lockdoctor.core.evidence.PoolerAccess;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * How to read a connection pooler's client list. A client paused behind a pooler may hold no
 * session on the database, so lockdoctor reads PgBouncer's console (SHOW CLIENTS) too: at the
 * address of --url when that is the pooler, or at --pooler-admin when lockdoctor connects to the
 * database directly. The account is the database account unless another is given.
 */
public final class PoolerOptions {
    /** The console account's user, when not given with --pooler-user. */
    public static final String USER_VARIABLE = "LOCKDOCTOR_POOLER_USER";
    /** The console account's password, when not given with --pooler-password-env or --pooler-password-file. */
    public static final String PASSWORD_VARIABLE = "LOCKDOCTOR_POOLER_PASSWORD";
    private static final SecretSource PASSWORD = new SecretSource("--pooler-password-env", "--pooler-password-file",
            PASSWORD_VARIABLE);

    @Option(names = "--pooler-admin", paramLabel = "HOST:PORT",
            description = "Address of the PgBouncer the servers connect through, when --url points at the database "
                    + "itself: its client list (SHOW CLIENTS on the pgbouncer console) is read at every sample, "
                    + "because a client paused behind the pooler may hold no session on the database.")
    String adminAddress;

    @Option(names = "--pooler-user", paramLabel = "U",
            description = "Account for the pooler's console (in its stats_users or admin_users); default: "
                    + USER_VARIABLE + ", else the database account.")
    String user;

    @Option(names = "--pooler-password-env", paramLabel = "VAR",
            description = "Environment variable holding the console account's password; default " + PASSWORD_VARIABLE + ".")
    String passwordEnv;

    @Option(names = "--pooler-password-file", paramLabel = "F",
            description = "File whose first line is the console account's password.")
    Path passwordFile;

    /**
     * The console access for a database reached with {@code databaseUser}/{@code databasePassword}.
     *
     * @param env the environment
     */
    public PoolerAccess access(String databaseUser, String databasePassword, Function<String, Optional<String>> env) {
        if (adminAddress != null && adminAddress.isBlank()) {
            throw new InvalidInputException("--pooler-admin is empty: give the pooler's HOST:PORT");
        }
        Optional<String> givenUser = Optional.ofNullable(user).or(() -> env.apply(USER_VARIABLE));
        String password = PASSWORD.resolve(passwordEnv, passwordFile, env);
        if (givenUser.isEmpty()) {
            return new PoolerAccess(Optional.ofNullable(adminAddress), databaseUser,
                    password != null ? password : databasePassword);
        }
        return new PoolerAccess(Optional.ofNullable(adminAddress), givenUser.get(), password);
    }
}
