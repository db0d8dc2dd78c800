package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret given in any form (URL user-info, a {@code password=} property, the variable, the
 * file, an option lockdoctor does not have) never appears in any output, whatever failed: every
 * URL form of every driver, against an unresolvable host, a port that is not a number, a refused
 * port and a real server refusing the login, with and without {@code --verbose}; and each run
 * ended as it should (exit code).
 */
class SecretMatrixTest {
    private static final String SECRET = "Zq7S3cretVal";
    private static final String LOCK = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final String PASSWORD_VARIABLE = "DB_SECRET";

    @TempDir
    Path dir;

    /** How the password is given; {@code url} is a template with {host}, {user} and {secret}. */
    private record Form(String name, String url, boolean passwordAside) {
    }

    private record Driver(String name, List<Form> forms, String realHost, String realUser) {
    }

    private enum Failure { UNRESOLVABLE_HOST, BAD_PORT, REFUSED, LOGIN_REFUSED }

    private static final List<Driver> DRIVERS = List.of(
            new Driver("postgresql", List.of(
                    new Form("user-info", "jdbc:postgresql://{user}:{secret}@{host}/test", false),
                    new Form("property", "jdbc:postgresql://{host}/test?user={user}&password={secret}&ssl=false", false),
                    new Form("aside", "jdbc:postgresql://{host}/test", true)),
                    // Trust authentication accepts any password: an unknown role is what refuses the login.
                    "127.0.0.1:5432", "ld_no_such_role"),
            new Driver("mariadb", List.of(
                    new Form("user-info", "jdbc:mariadb://{user}:{secret}@{host}/test", false),
                    new Form("property", "jdbc:mariadb://{host}/test?user={user}&password={secret}", false),
                    new Form("aside", "jdbc:mariadb://{host}/test", true)),
                    "127.0.0.1:3306", "root"),
            new Driver("mysql", List.of(
                    new Form("user-info", "jdbc:mysql://{user}:{secret}@{host}/test", false),
                    new Form("property", "jdbc:mysql://{host}/test?user={user}&password={secret}", false),
                    new Form("aside", "jdbc:mysql://{host}/test", true)),
                    "127.0.0.1:3306", "root"),
            new Driver("h2", List.of(
                    new Form("property", "jdbc:h2:tcp://{host}/mem:ld;USER={user};PASSWORD={secret}", false),
                    new Form("aside", "jdbc:h2:tcp://{host}/mem:ld", true)),
                    null, null),
            new Driver("sqlserver", List.of(
                    new Form("property", "jdbc:sqlserver://{host};databaseName=cdr;user={user};password={secret}", false),
                    new Form("aside", "jdbc:sqlserver://{host};databaseName=cdr", true)),
                    null, null),
            new Driver("oracle", List.of(
                    new Form("user-slash-secret", "jdbc:oracle:thin:{user}/{secret}@//{host}/ORCL", false),
                    new Form("aside", "jdbc:oracle:thin:@//{host}/ORCL", true)),
                    null, null));

    /** The commands take turns, so that each meets every driver and failure without multiplying the runs. */
    private static final List<List<String>> COMMANDS = List.of(
            List.of("status", "--observe", "0s"),
            List.of("history"),
            List.of("doctor", "--observe", "0s"),
            List.of("export", "--observe", "0s"),
            List.of("clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", LOCK, "--dry-run", "--observe", "0s"),
            List.of("status", "--observe", "0s", "--format", "json"));

    @TestFactory
    Stream<DynamicTest> noFailureOfAnyDriverPrintsTheSecret() {
        List<DynamicTest> tests = new ArrayList<>();
        int turn = 0;
        for (Driver driver : DRIVERS) {
            for (Form form : driver.forms()) {
                for (Failure failure : Failure.values()) {
                    String hostPort = hostPort(driver, failure);
                    if (hostPort == null) {
                        continue;
                    }
                    for (boolean verbose : new boolean[] {false, true}) {
                        List<String> command = COMMANDS.get(turn++ % COMMANDS.size());
                        String user = driver.realUser() == null ? "sa" : driver.realUser();
                        String url = form.url().replace("{host}", hostPort).replace("{user}", user).replace("{secret}", SECRET);
                        tests.add(DynamicTest.dynamicTest(driver.name() + " " + form.name() + " " + failure + " "
                                + command.get(0) + (verbose ? " --verbose" : ""), () -> {
                                    CliRun run = connect(command, url, user, form.passwordAside(), verbose);
                                    // A URL its driver cannot read (a port that is not a number; user-info,
                                    // which MariaDB's driver does not parse) is invalid input, exit 2, and
                                    // says so; every other failure is a connect error, exit 1.
                                    if (run.exitCode() == ExitCodes.USAGE) {
                                        assertThat(run.all()).contains("is not a URL");
                                    } else {
                                        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
                                    }
                                    if (failure != Failure.BAD_PORT && !url.contains("@")) {
                                        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
                                    }
                                    assertThat(run.all()).as(String.join(" ", command)).doesNotContain(SECRET)
                                            .containsAnyOf("could not", "not a URL");
                                    if (command.contains("json") && run.exitCode() == ExitCodes.ERROR) {
                                        // Masking inside a JSON string leaves the document valid.
                                        assertThat(new ObjectMapper().readTree(run.out()).get("verdict").asText())
                                                .isEqualTo("ERROR");
                                    }
                                }));
                    }
                }
            }
        }
        return tests.stream();
    }

    @Test
    void anEmbeddedH2DatabaseRefusingTheLoginPrintsNoSecret() throws Exception {
        try (H2Database db = new H2Database()) {
            for (boolean verbose : new boolean[] {false, true}) {
                CliRun aside = connect(List.of("status", "--observe", "0s"), db.url, "sa", true, verbose);
                CliRun inUrl = connect(List.of("history"), db.url + ";PASSWORD=" + SECRET, "sa", false, verbose);
                for (CliRun run : List.of(aside, inUrl)) {
                    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
                    assertThat(run.all()).contains("password").doesNotContain(SECRET);
                }
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> usageErrorsNeverEchoAPassword() {
        String url = "jdbc:postgresql://postgres:" + SECRET + "@127.0.0.1:5432/test";
        List<List<String>> lines = List.of(
                List.of("status", "--password", SECRET, "--url", "jdbc:postgresql://127.0.0.1:5432/test"),
                List.of("status", "--password=" + SECRET),
                List.of("history", "--url", "jdbc:h2:mem:x", "-p", SECRET),
                List.of("history", "--url", "jdbc:h2:mem:x", "-p" + SECRET),
                List.of("doctor", "--db-password", SECRET),
                List.of("clear", "--url", url, "--table", "NO_SUCH_TABLE", "--uuid", LOCK, "--dry-run"),
                List.of("export", "--url", url, "--style", "bogus"),
                List.of("status", "--url", url, "--timeout", "soon"),
                List.of("status", "--url", "jdbc:postgresql://127.0.0.1/test?password=" + SECRET, "stray"),
                List.of("scan-log", "--password", SECRET));
        return lines.stream().flatMap(args -> Stream.of(false, true).map(verbose -> DynamicTest.dynamicTest(
                String.join(" ", args).replace(SECRET, "SECRET") + (verbose ? " --verbose" : ""), () -> {
                    List<String> all = new ArrayList<>(args);
                    if (verbose) {
                        all.add("--verbose");
                    }
                    CliRun run = CliRun.run(Map.of(), dir, all.toArray(String[]::new));
                    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
                    assertThat(run.all()).doesNotContain(SECRET).contains("Usage: lockdoctor " + args.get(0));
                })));
    }

    private String hostPort(Driver driver, Failure failure) {
        return switch (failure) {
            case UNRESOLVABLE_HOST -> "no-such-host.invalid:5432";
            case BAD_PORT -> "127.0.0.1:port";
            case REFUSED -> "127.0.0.1:1";
            case LOGIN_REFUSED -> driver.realHost();
        };
    }

    private CliRun connect(List<String> command, String url, String user, boolean passwordAside, boolean verbose)
            throws Exception {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--url", url, "--timeout", "3s"));
        Map<String, String> env = new HashMap<>();
        if (passwordAside) {
            args.addAll(List.of("--user", user));
            // The variable, the file and LOCKDOCTOR_PASSWORD take turns with the commands.
            switch (Math.floorMod(command.hashCode(), 3)) {
                case 0 -> {
                    env.put(PASSWORD_VARIABLE, SECRET);
                    args.addAll(List.of("--password-env", PASSWORD_VARIABLE));
                }
                case 1 -> args.addAll(List.of("--password-file",
                        Files.writeString(dir.resolve("password"), SECRET + "\n").toString()));
                default -> env.put("LOCKDOCTOR_PASSWORD", SECRET);
            }
        }
        if (verbose) {
            args.add("--verbose");
        }
        return CliRun.run(env, dir, args.toArray(String[]::new));
    }
}
