package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A URL that is empty, not a JDBC URL, or malformed for its driver is invalid input (exit 2) for every command. */
class InvalidUrlTest {
    private static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";

    @TempDir
    Path dir;

    static Stream<List<String>> everyConnectingCommand() {
        return NeverCreatesDatabaseTest.everyConnectingCommand();
    }

    @ParameterizedTest
    @MethodSource("everyConnectingCommand")
    void anEmptyUrlIsInvalidInput(List<String> command) {
        CliRun flag = run(Map.of(), command, "--url", "");
        CliRun blank = run(Map.of(), command, "--url", "  ");
        CliRun env = run(Map.of("LOCKDOCTOR_URL", ""), command);

        assertThat(flag.exitCode()).as(flag.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(flag.err()).contains("--url is empty");
        assertThat(blank.exitCode()).as(blank.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(env.exitCode()).as(env.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(env.err()).contains("LOCKDOCTOR_URL is set but empty");
    }

    @ParameterizedTest
    @MethodSource("everyConnectingCommand")
    void aUrlThatIsNotJdbcIsInvalidInput(List<String> command) {
        CliRun run = run(Map.of(), command, "--url", "postgresql://db:5432/cdr");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--url is not a JDBC URL");
    }

    @ParameterizedTest
    @MethodSource("everyConnectingCommand")
    void aUrlItsDriverRefusesIsInvalidInput(List<String> command) {
        CliRun postgres = run(Map.of(), command, "--url", "jdbc:postgresql://db:port/cdr");
        CliRun h2 = run(Map.of(), command, "--url", "jdbc:h2:cdr");
        CliRun mariadb = run(Map.of(), command, "--url", "jdbc:mariadb://127.0.0.1:port/cdr");
        CliRun mysqlOption = run(Map.of(), command, "--url", "jdbc:mysql://127.0.0.1/cdr?connectTimeout=soon");

        assertThat(postgres.exitCode()).as(postgres.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(postgres.err()).contains("is not a URL the PostgreSQL driver accepts");
        assertThat(h2.exitCode()).as(h2.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(h2.err()).contains("jdbc:h2:cdr is not an H2 URL lockdoctor can open")
                .contains("implicitly relative to the current working directory");
        assertThat(mariadb.exitCode()).as(mariadb.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(mariadb.err()).contains("is not a URL its driver can read: Incorrect port value");
        assertThat(mysqlOption.exitCode()).as(mysqlOption.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(mysqlOption.err()).contains("connectTimeout must be Integer");
    }

    /** MariaDB's driver reads user:secret@host as a host and port, and says so with the secret in its words. */
    @ParameterizedTest
    @MethodSource("everyConnectingCommand")
    void aPasswordInAUrlTheDriverCannotReadIsNeverPrinted(List<String> command) {
        CliRun run = run(Map.of(), command, "--url", "jdbc:mariadb://root:Pa55-word-71@127.0.0.1/cdr", "--verbose");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Incorrect port value").contains("go in --user and --password-env");
        assertThat(run.all()).doesNotContain("Pa55-word-71");
    }

    /** Without a database export only prints; an empty LOCKDOCTOR_URL is still a database asked for, not none. */
    @Test
    void exportDoesNotIgnoreAnEmptyUrl() {
        CliRun withoutDatabase = CliRun.run(Map.of(), dir, "export", "--uuid", UUID);
        CliRun emptyEnv = CliRun.run(Map.of("LOCKDOCTOR_URL", ""), dir, "export", "--uuid", UUID);

        assertThat(withoutDatabase.exitCode()).as(withoutDatabase.all()).isZero();
        assertThat(emptyEnv.exitCode()).as(emptyEnv.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(emptyEnv.out()).isEmpty();
    }

    private CliRun run(Map<String, String> env, List<String> command, String... connection) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(connection));
        return CliRun.run(env, dir, args.toArray(String[]::new));
    }
}
