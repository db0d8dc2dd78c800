package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.cli.render.TerminalText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable as a user runs it, in its own process: the bytes on its standard output and
 * error hold no secret and no raw control character, whatever printed them.
 */
class MainProcessTest {
    private static final String SECRET = "Zq7S3cretVal";

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void secretsAreMaskedInTheProcessOutput() throws Exception {
        Run refused = lockdoctor("status", "--url", "jdbc:mariadb://root:" + SECRET + "@127.0.0.1:3306/test",
                "--observe", "0s", "--verbose");
        // MariaDB's driver cannot read user-info in a URL: invalid input, with the driver's words masked.
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("Incorrect port value : ****@127.0.0.1");

        Run usage = lockdoctor("history", "--password", SECRET, "--url", "jdbc:h2:mem:x");
        assertThat(usage.exitCode()).as(usage.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("Unknown options: '--password', '****'");

        for (Run run : List.of(refused, usage)) {
            assertThat(run.out() + run.err()).doesNotContain(SECRET);
        }
    }

    @Test
    void hostileRowsReachTheTerminalEscaped() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("cdr");
        String hostile = "\u001b[2J\u001b]0;owned\u0007\nOverall: NO_LOCK\u202e\u009b";
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String sql : io.lockdoctor.cli.demo.DemoInstallation.ddl("FLY_HFJ_MIGRATION")) {
                s.execute(sql);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, "
                    + "'cc38089f-d3ab-4ac6-a65f-dcc0727cee10', 'JDBC', 'HAPI FHIR', NULL, ?, DATE '2025-01-01', 0, "
                    + "TRUE, NULL)")) {
                insert.setString(1, hostile);
                insert.executeUpdate();
            }
        }

        for (String format : List.of("text", "json")) {
            Run status = lockdoctor("status", "--url", url, "--user", "sa", "--observe", "0s", "--format", format);
            assertThat(status.exitCode()).as(status.err()).isEqualTo(ExitCodes.UNCERTAIN);
            String both = status.out() + status.err();
            assertThat(both.replace("\n", "").chars().filter(c -> TerminalText.isControl((char) c))).isEmpty();
            assertThat(status.out().lines().filter(l -> l.startsWith("Overall: NO_LOCK"))).isEmpty();
        }
    }

    private Run lockdoctor(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("lockdoctor " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
