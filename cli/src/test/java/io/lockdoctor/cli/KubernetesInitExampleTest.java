package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's init-container example (examples/kubernetes/lockdoctor-init.sh), run as a real process. */
class KubernetesInitExampleTest {
    private static final Path SCRIPT = Path.of("..", "examples", "kubernetes", "lockdoctor-init.sh");

    @TempDir
    Path dir;

    private record Result(int exitCode, String output) {
    }

    private Result init(String url, String... extra) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of("sh", SCRIPT.toString(), "--url", url, "--user", "sa"));
        command.addAll(List.of(extra));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LOCKDOCTOR", java + " -cp " + System.getProperty("java.class.path")
                + " io.lockdoctor.cli.Main");
        builder.environment().put("LOCKDOCTOR_RETRY_SECONDS", "0");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private String database(String lockDate) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("cdr-" + System.nanoTime());
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (String sql : io.lockdoctor.cli.demo.DemoInstallation.ddl("FLY_HFJ_MIGRATION")) {
                s.execute(sql);
            }
            if (lockDate != null) {
                s.execute("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, 'cc38089f-d3ab-4ac6-a65f-dcc0727cee10', "
                        + "'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', " + lockDate + ", 0, TRUE, NULL)");
            }
        }
        return url;
    }

    @Test
    void startsWithoutALockAndStopsOnAStaleOne() throws Exception {
        Result clean = init(database(null), "--observe", "0s");
        assertThat(clean.exitCode()).as(clean.output()).isZero();

        Result stale = init(database("CURRENT_DATE - 3"), "--observe", "1s");
        assertThat(stale.exitCode()).as(stale.output()).isEqualTo(1);
        assertThat(stale.output()).contains("Verdict: STALE").contains("a stale migration lock blocks the start");

        Result uncertain = init(database("CURRENT_DATE"), "--observe", "0s");
        assertThat(uncertain.exitCode()).isEqualTo(1);
        assertThat(uncertain.output()).contains("lockdoctor status exited 5");

        String empty = "jdbc:h2:file:" + dir.resolve("empty");
        DriverManager.getConnection(empty, "sa", "").close();
        Result newDatabase = init(empty, "--observe", "0s");
        assertThat(newDatabase.exitCode()).as(newDatabase.output()).isZero();

        // A mistyped path is not a new database: the server must not start on it.
        Result mistyped = init("jdbc:h2:file:" + dir.resolve("emtpy"), "--observe", "0s");
        assertThat(mistyped.exitCode()).isEqualTo(1);
        assertThat(mistyped.output()).contains("no H2 database exists at " + dir.resolve("emtpy"))
                .contains("lockdoctor status exited 1");
        assertThat(dir.resolve("emtpy.mv.db")).doesNotExist();
    }
}
