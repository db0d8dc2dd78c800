package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    private static final String LOCK = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final String OTHER = "2981dc98-6111-4892-b3f9-56b9d559f4d7";

    private static H2Database oldLock() throws Exception {
        H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION");
        return db.row("FLY_HFJ_MIGRATION", -100, null, LOCK, "2025-01-03", true, null);
    }

    @Test
    void aStaleLockReadFromTheTableIsPrintedAloneOnStdout() throws Exception {
        try (H2Database db = oldLock()) {
            CliRun run = CliRun.run("export", "--url", db.url, "--user", "sa", "--observe", "1s");

            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).isEqualTo("export CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + LOCK + System.lineSeparator());
            assertThat(run.err()).contains("lockdoctor: FLY_HFJ_MIGRATION lock " + LOCK + ": STALE. ")
                    .contains("remove it after that start succeeded")
                    .contains("never").contains("every replica");
        }
    }

    @Test
    void everyStyleOnStdout() throws Exception {
        try (H2Database db = oldLock()) {
            CliRun run = CliRun.run("export", "--url", db.url, "--user", "sa", "--observe", "1s", "--uuid",
                    LOCK.toUpperCase(), "--style", "k8s", "--table", "FLY_HFJ_MIGRATION");
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).isEqualTo("- name: CLEAR_LOCK_TABLE_WITH_DESCRIPTION" + System.lineSeparator()
                    + "  value: \"" + LOCK + "\"" + System.lineSeparator());
        }
        assertThat(CliRun.run("export", "--uuid", LOCK, "--style", "powershell").out().strip())
                .isEqualTo("$env:CLEAR_LOCK_TABLE_WITH_DESCRIPTION = '" + LOCK + "'");
        assertThat(CliRun.run("export", "--uuid", LOCK, "--style", "java").out().strip())
                .isEqualTo("-DCLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + LOCK);
        assertThat(CliRun.run("export", "--uuid", LOCK, "--style", "nonsense").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void uncertainIsRefusedUnlessForcedAndActiveNeverPrinted() throws Exception {
        try (H2Database db = oldLock()) {
            CliRun refused = CliRun.run("export", "--url", db.url, "--user", "sa", "--observe", "0s");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.UNCERTAIN);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err()).contains("refused").contains("--force")
                    .contains("lockdoctor: FLY_HFJ_MIGRATION lock " + LOCK + ": UNCERTAIN. ")
                    .contains("lockdoctor: to settle it: ");

            CliRun forced = CliRun.run("export", "--url", db.url, "--user", "sa", "--observe", "0s", "--force");
            assertThat(forced.exitCode()).isZero();
            assertThat(forced.out()).contains(LOCK);
        }
    }

    @Test
    void aUuidThatIsGoneWhileAnotherLockIsThereExitsWithThatLocksCode() throws Exception {
        try (H2Database db = oldLock()) {
            CliRun run = CliRun.run("export", "--url", db.url, "--user", "sa", "--observe", "0s", "--uuid", OTHER);

            assertThat(run.exitCode()).isEqualTo(ExitCodes.UNCERTAIN);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("The lock " + OTHER + " is gone").contains(LOCK);
        }
        try (H2Database empty = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            CliRun none = CliRun.run("export", "--url", empty.url, "--user", "sa", "--uuid", OTHER);
            assertThat(none.exitCode()).isEqualTo(ExitCodes.NOTHING_FOUND);
            assertThat(none.out()).isEmpty();
            assertThat(none.err()).contains("Nothing to clear: start the server.");
        }
    }

    @Test
    void withoutAConnectionTheLogsUuidIsPrintedWithAWarning(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("smile.log"), "HAPI-2153: Unable to obtain table lock - another "
                + "database migration may be running.  If no other database migration is running, then the previous "
                + "migration did not shut down properly and the lock record needs to be deleted manually.  The lock "
                + "record is located in the FLY_CDR_MIGRATION table with INSTALLED_RANK = -100 and DESCRIPTION = "
                + OTHER + "\n");

        CliRun run = CliRun.run("export", "--log", log.toString(), "--style", "docker");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("-e CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + OTHER);
        assertThat(run.err()).contains("nothing was verified");
    }

    @Test
    void unsafeOrMissingUuidsAreUsageErrors() {
        for (String bad : new String[] {"x'; DROP TABLE \"FLY_HFJ_MIGRATION\"; --", "{" + LOCK + "}", LOCK + " ",
            LOCK.replace("-", ""), "сc38089f-d3ab-4ac6-a65f-dcc0727cee10"}) {
            CliRun run = CliRun.run("export", "--uuid", bad);
            assertThat(run.exitCode()).as(bad).isEqualTo(ExitCodes.USAGE);
            assertThat(run.out()).as(bad).isEmpty();
        }
        assertThat(CliRun.run("export").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aTaskRowCommittedDuringTheWindowIsActiveAndNothingIsPrintedForcedOrNot() throws Exception {
        try (H2Database db = oldLock()) {
            for (String[] force : new String[][] {{}, {"--force"}}) {
                int rank = force.length + 1;
                Thread migrator = new Thread(() -> {
                    try {
                        Thread.sleep(600);
                        db.row("FLY_HFJ_MIGRATION", rank, "8.6.1.2025010" + rank, "task " + rank, "2025-01-03", true,
                                null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                migrator.start();
                String[] args = {"export", "--url", db.url, "--user", "sa", "--observe", "2s"};
                CliRun run = CliRun.run(java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                        java.util.Arrays.stream(force)).toArray(String[]::new));
                migrator.join();

                assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ACTIVE);
                assertThat(run.out()).isEmpty();
                assertThat(run.err()).contains("lockdoctor: FLY_HFJ_MIGRATION lock " + LOCK + ": ACTIVE. ")
                        .contains("lockdoctor: refused: a migration is active; never clear an active lock.");
            }
        }
    }

    @Test
    void aLockThatIsNotHapisIsNeverPrinted() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            db.row("FLY_HFJ_MIGRATION", -100, null, "flyway-lock", "2025-01-03", true, null);
            CliRun run = CliRun.run("export", "--url", db.url, "--user", "sa", "--observe", "1s", "--force");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("'flyway-lock' is not a canonical UUID");
        }
    }

    @Test
    void aTableThatCannotBeReadOrHoldsTwoLocksPrintsNothing() throws Exception {
        try (H2Database db = oldLock()) {
            db.execute("ALTER TABLE \"FLY_HFJ_MIGRATION\" DROP COLUMN \"installed_by\"");
            CliRun run = CliRun.run("export", "--url", db.url, "--user", "sa", "--observe", "0s", "--force");
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("Nothing printed.");
        }
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            db.execute("DROP INDEX \"FLY_HFJ_MIGRATION_PK_INDEX\"")
                    .row("FLY_HFJ_MIGRATION", -100, null, LOCK, "2025-01-03", true, null)
                    .row("FLY_HFJ_MIGRATION", -100, null, OTHER, "2025-01-04", true, null);
            CliRun run = CliRun.run("export", "--url", db.url, "--user", "sa", "--observe", "0s", "--force",
                    "--uuid", LOCK);
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.UNCERTAIN);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("fails with HAPI-2152 while another lock row exists");
        }
    }
}
