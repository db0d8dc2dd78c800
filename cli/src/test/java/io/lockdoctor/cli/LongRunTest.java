package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.cli.demo.DemoInstallation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Long runs say what they do, also without a terminal, and absurd windows and timeouts are refused
 * before anything connects.
 */
class LongRunTest {
    private static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final Pattern NOTICE = Pattern.compile("watching its sessions and history for");

    @TempDir
    Path dir;

    @Test
    void aWindowOfSecondsIsAnnouncedOnceWithoutATerminal() throws Exception {
        try (H2Database db = lockedDatabase()) {
            CliRun run = CliRun.run(Map.of(), dir, "status", "--url", db.url, "--user", "sa", "--observe", "3s");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.STALE);
            assertThat(run.err()).contains("lockdoctor: a lock is held in " + db.url
                    + ": watching its sessions and history for 3s before judging it. Ctrl-C is safe: nothing has been "
                    + "changed.");
            assertThat(NOTICE.matcher(run.err()).results().count()).isEqualTo(1);
            assertThat(run.err()).as("no progress redrawn without a terminal").doesNotContain("\r");
            assertThat(run.out()).doesNotContain("watching");
        }
    }

    @Test
    void doctorAndExportAnnounceTheirWindowToo() throws Exception {
        try (H2Database db = lockedDatabase()) {
            CliRun doctor = CliRun.run(Map.of(), dir, "doctor", "--url", db.url, "--user", "sa", "--observe", "3s");
            CliRun export = CliRun.run(Map.of(), dir, "export", "--url", db.url, "--user", "sa", "--observe", "3s");

            assertThat(doctor.err()).as(doctor.all()).containsOnlyOnce("watching its sessions and history for 3s");
            assertThat(export.err()).as(export.all()).containsOnlyOnce("watching its sessions and history for 3s");
            assertThat(export.out()).isEqualTo("export CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + UUID + "\n");
        }
    }

    @Test
    void clearSaysBeforeConnectingWhatItWillWatch() throws Exception {
        try (H2Database db = lockedDatabase()) {
            CliRun run = CliRun.run(Map.of(), dir, "clear", "--url", db.url, "--user", "sa", "--table",
                    "FLY_HFJ_MIGRATION", "--uuid", UUID, "--dry-run", "--observe", "3s");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.err()).containsOnlyOnce("before anything is cleared, the sessions and history of " + db.url
                    + " are watched for 3s while the lock is there. Ctrl-C is safe");
        }
    }

    @Test
    void aShortWindowOrNoWindowPassesWithoutAWord() throws Exception {
        try (H2Database locked = lockedDatabase(); H2Database free = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            CliRun shortWindow = CliRun.run(Map.of(), dir, "status", "--url", locked.url, "--user", "sa", "--observe", "2s");
            CliRun noLock = CliRun.run(Map.of(), dir, "status", "--url", free.url, "--user", "sa", "--observe", "10s");

            assertThat(shortWindow.exitCode()).as(shortWindow.all()).isEqualTo(ExitCodes.STALE);
            assertThat(shortWindow.err()).doesNotContain("watching");
            assertThat(noLock.exitCode()).as(noLock.all()).isZero();
            assertThat(noLock.err()).doesNotContain("watching");
        }
    }

    /** Several databases: each window names its module. */
    @Test
    void aSmileConfigurationWindowNamesItsModule() throws Exception {
        try (H2Database db = lockedDatabase()) {
            Path config = dir.resolve("cdr-config-Master.properties");
            Files.writeString(config, "node.propertysource=PROPERTIES\n"
                    + "module.persistence.config.db.url=" + db.url + "\nmodule.persistence.config.db.username=sa\n");

            CliRun run = CliRun.run(Map.of(), dir, "status", "--smile-config", config.toString(), "--observe", "3s");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.STALE);
            assertThat(run.err()).containsOnlyOnce("a lock is held in module persistence (" + db.url + "): watching");
        }
    }

    static List<List<String>> everyCommandWithAWindow() {
        return List.of(
                List.of("status"),
                List.of("doctor"),
                List.of("export", "--uuid", UUID),
                List.of("clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", UUID, "--dry-run"));
    }

    @ParameterizedTest
    @MethodSource("everyCommandWithAWindow")
    void absurdWindowsAndTimeoutsAreRefusedBeforeConnecting(List<String> command) {
        // The database does not exist: a run that got as far as connecting would say so, with exit 1.
        String nowhere = "jdbc:h2:file:" + dir.resolve("nowhere");

        CliRun days = run(command, "--url", nowhere, "--observe", "99999d");
        CliRun overAnHour = run(command, "--url", nowhere, "--observe", "61m");
        CliRun longTimeout = run(command, "--url", nowhere, "--timeout", "11m");

        assertThat(days.exitCode()).as(days.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(days.err()).contains("--observe 99999d is longer than the 1h lockdoctor allows");
        assertThat(overAnHour.exitCode()).as(overAnHour.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(longTimeout.exitCode()).as(longTimeout.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(longTimeout.err()).contains("--timeout 11m is longer than the 10m lockdoctor allows");
        assertThat(days.all() + overAnHour.all() + longTimeout.all()).doesNotContain("no H2 database exists");
    }

    @Test
    void theLimitsThemselvesAreAccepted() throws Exception {
        try (H2Database free = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            CliRun run = CliRun.run(Map.of(), dir, "status", "--url", free.url, "--user", "sa", "--observe", "1h",
                    "--timeout", "10m");

            assertThat(run.exitCode()).as(run.all()).isZero();
        }
    }

    /**
     * As a runbook or a CI job runs it: a real process, output to pipes, a relative H2 path from its
     * own working directory. The notice comes before the window's wait, not with the report after it.
     */
    @Test
    void aRealProcessWithoutATerminalSaysWhatItWaitsFor() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("cdr");
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            for (String sql : DemoInstallation.ddl("FLY_HFJ_MIGRATION")) {
                s.execute(sql);
            }
            s.execute("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, '" + UUID + "', 'JDBC', 'HAPI FHIR', NULL, "
                    + "'V8_6_1', CURRENT_DATE - 3, 0, TRUE, NULL)");
        }
        String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"),
                "io.lockdoctor.cli.Main", "status", "--url", "jdbc:h2:file:./cdr", "--user", "sa", "--observe", "3s")
                .directory(dir.toFile()).start();
        process.getOutputStream().close();
        BufferedReader err = new BufferedReader(new InputStreamReader(
                process.getErrorStream(), StandardCharsets.UTF_8));

        String first = err.readLine();
        long noticeAt = System.nanoTime();
        String rest = err.lines().collect(Collectors.joining("\n"));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long endedAt = System.nanoTime();

        assertThat(first).isEqualTo("lockdoctor: a lock is held in jdbc:h2:file:./cdr: watching its sessions and "
                + "history for 3s before judging it. Ctrl-C is safe: nothing has been changed.");
        assertThat(Duration.ofNanos(endedAt - noticeAt)).as("the notice came before the window ran")
                .isGreaterThan(Duration.ofSeconds(2));
        assertThat(rest).doesNotContain("\r").doesNotContain("watching");
        assertThat(process.exitValue()).isEqualTo(ExitCodes.STALE);
    }

    @Test
    void onATerminalTheElapsedTimeIsRedrawnAfterTheNotice() {
        StringWriter text = new StringWriter();
        WindowNotice notice = new WindowNotice("jdbc:h2:mem:x", new PrintWriter(text), true);

        notice.update(Duration.ofMillis(10), Duration.ofSeconds(3));
        notice.update(Duration.ofSeconds(1), Duration.ofSeconds(3));
        notice.update(Duration.ofSeconds(3), Duration.ofSeconds(3));

        assertThat(text.toString()).startsWith("lockdoctor: a lock is held in jdbc:h2:mem:x: watching")
                .containsOnlyOnce("watching").contains("\r  observing sessions: 1s / 3s");
    }

    private CliRun run(List<String> command, String... more) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of(more));
        return CliRun.run(Map.of(), dir, args.toArray(String[]::new));
    }

    /** A lock left days ago, nothing else running: STALE after any window of a second or more. */
    private static H2Database lockedDatabase() throws Exception {
        return new H2Database().hapiTable("FLY_HFJ_MIGRATION")
                .row("FLY_HFJ_MIGRATION", -1, null, "<< HAPI FHIR Schema History table created >>", "2025-01-02", true, null)
                .row("FLY_HFJ_MIGRATION", -100, null, UUID, "2025-01-03", true, null);
    }
}
