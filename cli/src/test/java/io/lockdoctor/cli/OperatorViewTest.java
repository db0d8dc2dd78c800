package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.PostgresFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What an operator reads: usage errors, help examples, an empty database, a Smile CDR module's errors. */
class OperatorViewTest {
    private static final int HELP_WIDTH = 80;

    @TempDir
    Path dir;

    @Test
    void aUsageErrorPrintsTheErrorTheUsageLineAndAHintNotTheWholeHelp() {
        CommandLine cli = new LockDoctorCli(CliContext.system()).commandLine();
        for (String command : cli.getSubcommands().keySet()) {
            if (command.equals("help") || command.equals("generate-completion")) {
                continue;
            }
            CliRun run = CliRun.run(command, "--no-such-option");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.out()).isEmpty();
            // picocli names a missing required argument (clear's --table, scan-log's FILE) before an unknown one.
            assertThat(run.err().lines().findFirst().orElseThrow()).matches("lockdoctor: (Unknown option: "
                    + "'--no-such-option'|Missing required parameter: 'FILE'|Missing required option: '--table=TABLE')");
            assertThat(run.err()).contains("Usage: lockdoctor " + command)
                    .endsWith("Try 'lockdoctor " + command + " --help' for the options and examples."
                            + System.lineSeparator())
                    .doesNotContain("Exit codes").doesNotContain("Examples");
            assertThat(run.err().lines().count()).as(run.err()).isLessThan(15);
        }
    }

    @Test
    void invalidInputNamesTheHelp() {
        CliRun run = CliRun.run("clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", "cc38089f-d3ab-4ac6-a65f-dcc0727cee10",
                "--dry-run", "--yes");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("lockdoctor: give --dry-run or --yes, not both" + System.lineSeparator()
                + "Try 'lockdoctor clear --help' for the options and examples." + System.lineSeparator());
    }

    @Test
    void noCommandIsAUsageErrorToo() {
        CliRun run = CliRun.run();

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("lockdoctor: say which command to run: status, history, scan-log")
                .contains("Usage: lockdoctor").contains("Try 'lockdoctor --help' for the options and examples.");
        assertThat(run.err().lines().count()).as(run.err()).isLessThan(8);
    }

    @Test
    void helpExamplesAreNeverWrappedInTheMiddleOfACommand() {
        CommandLine cli = new LockDoctorCli(CliContext.system()).commandLine();
        for (Map.Entry<String, CommandLine> command : cli.getSubcommands().entrySet()) {
            CliRun help = CliRun.run(command.getKey(), "--help");
            assertThat(help.exitCode()).as(help.all()).isZero();
            List<String> lines = help.out().lines().toList();
            int examples = lines.indexOf("Examples:");
            for (int i = examples + 1; examples >= 0 && i < lines.size() && !lines.get(i).isBlank(); i++) {
                String line = lines.get(i);
                // A command starts at two spaces; a line indented further continues the one before, which must say so.
                if (line.startsWith("   ")) {
                    assertThat(lines.get(i - 1)).as(command.getKey() + " help:%n%s", help.out()).endsWith(" \\");
                } else {
                    assertThat(line).as(command.getKey()).startsWith("  ");
                }
            }
            // The footer is printed as written: no line of it is long enough for picocli to wrap.
            for (String footer : command.getValue().getCommandSpec().usageMessage().footer()) {
                assertThat(footer.length()).as(command.getKey() + ": " + footer).isLessThan(HELP_WIDTH);
            }
        }
    }

    @Test
    void anEmptyDatabaseSaysNothingWasFoundNotNoLock() throws Exception {
        try (H2Database db = new H2Database()) {
            CliRun status = CliRun.run("status", "--url", db.url, "--user", "sa", "--observe", "0s");
            CliRun doctor = CliRun.run("doctor", "--url", db.url, "--user", "sa", "--observe", "0s");

            for (CliRun run : List.of(status, doctor)) {
                assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.NOTHING_FOUND);
                assertThat(run.out()).doesNotContain("NO_LOCK")
                        .contains("NOTHING FOUND: no FLY_CDR_MIGRATION or FLY_HFJ_MIGRATION table in the schemas searched");
            }
            assertThat(status.out().lines().filter(l -> l.startsWith("Overall:"))).containsExactly(
                    "Overall: NOTHING FOUND: no FLY_CDR_MIGRATION or FLY_HFJ_MIGRATION table in the schemas searched");
        }
        try (PostgresFixture postgres = new PostgresFixture()) {
            postgres.open();
            CliRun status = CliRun.run("status", "--url", postgres.url(), "--user", postgres.user(), "--schema",
                    postgres.schema(), "--table", "FLY_HFJ_MIGRATION", "--observe", "0s");
            assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.NOTHING_FOUND);
            assertThat(status.out()).contains("Overall: NOTHING FOUND: no FLY_HFJ_MIGRATION table").doesNotContain("NO_LOCK");
        }
    }

    @Test
    void errorsAboutASmileModuleNameTheModuleAndItsKeysNotTheCommandLine() throws Exception {
        try (H2Database empty = new H2Database()) {
            Path config = Files.writeString(dir.resolve("cdr-config-Master.properties"), String.join("\n",
                    "module.persistence.config.db.driver=POSTGRES_9_4",
                    "module.persistence.config.db.url=jdbc:postgresql://127.0.0.1:1/cdr",
                    "module.persistence.config.db.username=cdr",
                    "module.audit.config.db.driver=POSTGRES_9_4",
                    "module.audit.config.db.url=jdbc:postgresql://127.0.0.1:5432/test",
                    "module.audit.config.db.username=ld_no_such_role",
                    "module.clustermgr.config.db.driver=H2_EMBEDDED",
                    "module.clustermgr.config.db.url=" + empty.url,
                    "module.clustermgr.config.db.username=sa", ""));

            CliRun status = CliRun.run(Map.of(), dir, "status", "--smile-config", config.toString(), "--observe", "0s",
                    "--timeout", "3s");
            assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(status.all()).doesNotContain("--url").doesNotContain("--user")
                    .contains("host and port in module.persistence.config.db.url (module persistence of the Smile CDR")
                    .contains("Check module.audit.config.db.username and module.audit.config.db.password");

            CliRun clear = CliRun.run(Map.of(), dir, "clear", "--smile-config", config.toString(), "--module",
                    "persistence", "--table", "FLY_HFJ_MIGRATION", "--uuid", "cc38089f-d3ab-4ac6-a65f-dcc0727cee10",
                    "--dry-run", "--timeout", "3s");
            assertThat(clear.exitCode()).as(clear.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(clear.err()).contains("module.persistence.config.db.url").doesNotContain("--url");

            CliRun doctor = CliRun.run(Map.of(), dir, "doctor", "--smile-config", config.toString(), "--module",
                    "clustermgr", "--observe", "0s");
            assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(ExitCodes.NOTHING_FOUND);
            assertThat(doctor.out()).contains("Check module.clustermgr.config.db.url").doesNotContain("--url");
        }
    }
}
