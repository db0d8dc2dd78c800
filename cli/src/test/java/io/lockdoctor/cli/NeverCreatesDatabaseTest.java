package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A mistyped H2 URL must never become a new, empty database (which reads as "no history table yet:
 * start the server"): every command that connects fails with exit 1, names the path and leaves
 * nothing behind, for file, relative, TCP and Smile CDR configuration URLs alike.
 */
class NeverCreatesDatabaseTest {
    private static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";

    @TempDir
    Path dir;

    @TempDir
    Path auditDir;

    /** Every command that connects, with what it needs besides the connection. */
    static Stream<List<String>> everyConnectingCommand() {
        return Stream.of(
                List.of("status", "--observe", "0s"),
                List.of("history"),
                List.of("doctor", "--observe", "0s"),
                List.of("export", "--uuid", UUID, "--observe", "0s"),
                List.of("clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", UUID, "--dry-run", "--observe", "0s"),
                List.of("clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", UUID, "--yes", "--observe", "0s"));
    }

    @ParameterizedTest
    @MethodSource("everyConnectingCommand")
    void aMissingH2FileIsAnErrorNamingItsPath(List<String> command) {
        Path missing = dir.resolve("nonexistent").resolve("cdr");

        CliRun run = run(command, "--url", "jdbc:h2:file:" + missing);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.all()).contains("no H2 database exists at " + missing).contains("check the path in the URL");
        assertThat(dir).as("nothing created").isEmptyDirectory();
    }

    @ParameterizedTest
    @MethodSource("everyConnectingCommand")
    void aMissingRelativeH2PathIsAnError(List<String> command) throws IOException {
        // H2 resolves a relative path against the process's working directory.
        Path relative = Path.of("ld-missing-" + System.nanoTime());
        try {
            CliRun run = run(command, "--url", "jdbc:h2:./" + relative + "/cdr");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.all()).contains("no H2 database exists at " + relative.toAbsolutePath().resolve("cdr"));
            assertThat(relative).as("nothing created").doesNotExist();
        } finally {
            deleteTree(relative);
        }
    }

    @ParameterizedTest
    @MethodSource("everyConnectingCommand")
    void aMissingDatabaseOnAnH2ServerThatWouldCreateItIsAnError(List<String> command) throws SQLException {
        Path base = dir.resolve("server");
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", base.toString()).start();
        try {
            CliRun run = run(command, "--url", "jdbc:h2:tcp://localhost:" + server.getPort() + "/./cdr", "--user", "sa");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.all()).contains("the H2 server has no database " + base.resolve("cdr"));
        } finally {
            server.stop();
        }
        assertThat(files(dir)).as("nothing created").noneMatch(p -> p.toString().endsWith(".db"));
    }

    @Test
    void aSmileConfigurationNamingAMissingH2DatabaseIsAnError() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("cdr-config-Master.properties"), """
                node.propertysource=PROPERTIES
                module.persistence.config.db.driver=H2_EMBEDDED
                module.persistence.config.db.url=jdbc:h2:file:./database/h2_persistence
                module.persistence.config.db.username=sa
                """);

        CliRun status = CliRun.run(Map.of(), dir, "status", "--smile-config", dir.toString(), "--observe", "0s");
        CliRun export = CliRun.run(Map.of(), dir, "export", "--smile-config", dir.toString(), "--uuid", UUID);

        assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(status.all()).contains("persistence")
                .contains("no H2 database exists at " + dir.toAbsolutePath().normalize().resolve("database/h2_persistence"));
        assertThat(export.exitCode()).as(export.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(dir.resolve("database")).as("nothing created").doesNotExist();
    }

    @Test
    void aUrlThatChoosesToCreateIsObeyed() {
        Path wanted = dir.resolve("new");

        CliRun run = CliRun.run(Map.of(), dir, "status", "--url", "jdbc:h2:file:" + wanted + ";IFEXISTS=FALSE");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.NOTHING_FOUND);
        assertThat(dir.resolve("new.mv.db")).exists();
    }

    @Test
    void anExistingEmptyDatabaseIsStillNothingFound() throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("empty");
        java.sql.DriverManager.getConnection(url, "sa", "").close();

        CliRun run = CliRun.run(Map.of(), dir, "status", "--url", url, "--user", "sa");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.NOTHING_FOUND);
    }

    private CliRun run(List<String> command, String... connection) {
        List<String> args = new ArrayList<>(command);
        args.addAll(Arrays.asList(connection));
        if (command.contains("--yes")) {
            args.addAll(List.of("--audit-file", auditDir.resolve("audit.log").toString()));
        }
        return CliRun.run(Map.of(), dir, args.toArray(String[]::new));
    }

    private static List<Path> files(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
