package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's init-container example (examples/kubernetes/lockdoctor-init.sh, on lockdoctor wait), run as a real process. */
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
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void startsWithoutALockAndStopsOnAStaleOne() throws Exception {
        Result clean = init(H2Files.withLock(dir, null), "--observe", "0s");
        assertThat(clean.exitCode()).as(clean.output()).isZero();

        Result stale = init(H2Files.withLock(dir, "CURRENT_DATE - 3"), "--observe", "1s");
        assertThat(stale.exitCode()).as(stale.output()).isEqualTo(1);
        assertThat(stale.output()).contains("Verdict: STALE").contains("a stale migration lock blocks the start");

        // Dated today: too young to prove stale, so the init container waits, here for at most 2 s.
        Result uncertain = init(H2Files.withLock(dir, "CURRENT_DATE"), "--observe", "0s", "--interval", "1s",
                "--max-wait", "2s");
        assertThat(uncertain.exitCode()).isEqualTo(1);
        assertThat(uncertain.output()).contains("| UNCERTAIN | lock FLY_HFJ_MIGRATION " + H2Files.LOCK_UUID)
                .contains("--max-wait 2s ran out").contains("still held after --max-wait");

        String empty = "jdbc:h2:file:" + dir.resolve("empty");
        DriverManager.getConnection(empty, "sa", "").close();
        Result newDatabase = init(empty, "--observe", "0s");
        assertThat(newDatabase.exitCode()).as(newDatabase.output()).isZero();

        // A mistyped path is not a new database: the server must not start on it.
        Result mistyped = init("jdbc:h2:file:" + dir.resolve("emtpy"), "--observe", "0s", "--interval", "1s");
        assertThat(mistyped.exitCode()).isEqualTo(1);
        assertThat(mistyped.output()).contains("no H2 database exists at " + dir.resolve("emtpy"))
                .contains("lockdoctor wait exited 1");
        assertThat(dir.resolve("emtpy.mv.db")).doesNotExist();
    }
}
