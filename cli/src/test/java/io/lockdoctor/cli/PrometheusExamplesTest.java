package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring examples: the alerting rules pass promtool's checks and their own unit tests (a
 * stale lock, a long-running migration, a failing and a stopped inspection), and the CronJob's
 * script pushes metrics that promtool accepts, whatever the verdict.
 */
class PrometheusExamplesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path dir;

    @Test
    void alertingRulesAreValidAndPassTheirTests() throws Exception {
        Promtool check = Promtool.run(null, "check", "rules", EXAMPLES.resolve("prometheus/lockdoctor-alerts.yml").toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 4 rules found");

        Promtool test = Promtool.run(null, "test", "rules",
                EXAMPLES.resolve("prometheus/lockdoctor-alerts.test.yml").toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void theCronJobScriptPushesMetricsOfAStaleLockAndFailsWhenNoneWereWritten() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path curl = bin.resolve("curl");
        // Stands in for curl: keeps what would be pushed, and where.
        Files.writeString(curl, """
                #!/bin/sh
                for a; do case "$a" in @*) cp "${a#@}" "$CAPTURE" ;; http*) echo "$a" > "$CAPTURE.url" ;; esac; done
                """);
        Files.setPosixFilePermissions(curl, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path capture = dir.resolve("pushed.prom");

        List<String> stale = List.of("--url", H2Files.withLock(dir, "CURRENT_DATE - 3"), "--user", "sa", "--observe", "1s", "--min-age", "0s");
        Script pushed = metricsScript(bin, capture, stale);

        assertThat(pushed.exitCode()).as(pushed.output()).isZero();
        assertThat(pushed.output()).contains("pushed (lockdoctor status exited 3)");
        assertThat(Files.readString(dir.resolve("pushed.prom.url")).strip())
                .isEqualTo("http://pushgateway.test:9091/metrics/job/lockdoctor");
        String metrics = Files.readString(capture);
        assertThat(metrics).containsPattern("lockdoctor_verdict\\{[^}]*lockdoctor_verdict=\"STALE\"} 1");
        StatusMetricsCliTest.assertPromtoolAccepts(metrics);

        Files.delete(capture);
        Script usage = metricsScript(bin, capture, List.of("--no-such-flag"));
        assertThat(usage.exitCode()).isEqualTo(1);
        assertThat(usage.output()).contains("lockdoctor status exited 2 and wrote no metrics");
        assertThat(capture).doesNotExist();
    }

    private record Script(int exitCode, String output) {
    }

    private Script metricsScript(Path bin, Path capture, List<String> args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of("sh",
                EXAMPLES.resolve("kubernetes/lockdoctor-metrics.sh").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LOCKDOCTOR", java + " -cp " + System.getProperty("java.class.path")
                + " io.lockdoctor.cli.Main");
        builder.environment().put("PUSHGATEWAY_URL", "http://pushgateway.test:9091");
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("CAPTURE", capture.toString());
        builder.environment().put("TMPDIR", dir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Script(process.exitValue(), output);
    }
}
