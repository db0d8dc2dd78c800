package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On H2: a missing column and two lock rows are an error or a doubt in every command, never "gone". */
class H2UnreadableLockTest {
    private static final String FIRST = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final String SECOND = "2981dc98-6111-4892-b3f9-56b9d559f4d7";

    @TempDir
    Path work;

    private static void assertNeverGone(CliRun run) {
        assertThat(run.all()).doesNotContain("NOT_FOUND").doesNotContain("ALREADY_GONE")
                .doesNotContain("is gone and no other").doesNotContain("is gone, but").doesNotContain("start the server");
    }

    private CliRun lockdoctor(String url, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--user", "sa", "--observe", "1s", "--min-age", "0s"));
        return CliRun.run(java.util.Map.of(), work, all.toArray(String[]::new));
    }

    @Test
    void aMissingColumnIsAnErrorInEveryCommand() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            db.row("FLY_HFJ_MIGRATION", -100, null, FIRST, "2025-01-03", true, null)
                    .execute("ALTER TABLE \"FLY_HFJ_MIGRATION\" DROP COLUMN \"installed_by\"");
            for (CliRun run : List.of(lockdoctor(db.url, "export"), lockdoctor(db.url, "export", "--uuid", FIRST),
                    lockdoctor(db.url, "clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", FIRST, "--yes",
                            "--audit-file", work.resolve("audit.log").toString()),
                    lockdoctor(db.url, "doctor"), lockdoctor(db.url, "status"))) {
                assertNeverGone(run);
                assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
                assertThat(run.all()).contains("lacks the column(s) installed_by");
            }
        }
    }

    @Test
    void twoLockRowsAreADoubtAndTheOneAskedForIsNeverGone() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            db.execute("DROP INDEX \"FLY_HFJ_MIGRATION_PK_INDEX\"")
                    .row("FLY_HFJ_MIGRATION", -100, null, FIRST, "2025-01-03", true, null)
                    .row("FLY_HFJ_MIGRATION", -100, null, SECOND, "2025-01-04", true, null);
            for (String uuid : List.of(FIRST, SECOND)) {
                CliRun clear = lockdoctor(db.url, "clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", uuid, "--yes",
                        "--audit-file", work.resolve("audit.log").toString());
                CliRun export = lockdoctor(db.url, "export", "--uuid", uuid);
                for (CliRun run : List.of(clear, export)) {
                    assertNeverGone(run);
                    assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.UNCERTAIN);
                    assertThat(run.all()).contains("holds 2 lock rows");
                }
            }
            CliRun exportAny = lockdoctor(db.url, "export");
            assertThat(exportAny.exitCode()).as(exportAny.all()).isEqualTo(ExitCodes.UNCERTAIN);
            assertThat(exportAny.out()).isEmpty();

            CliRun doctor = lockdoctor(db.url, "doctor");
            assertThat(doctor.out()).contains("holds 2 lock rows and the verdict judged")
                    .doesNotContain("export CLEAR_LOCK_TABLE_WITH_DESCRIPTION");
        }
    }

    @Test
    void aLogThatCouldNotBeReadNamesNoLockAndNeverMeansNothingToClear() throws Exception {
        String missing = work.resolve("missing.log").toString();
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            db.row("FLY_HFJ_MIGRATION", -100, null, FIRST, "2025-01-03", true, null);
            CliRun clear = lockdoctor(db.url, "clear", "--table", "FLY_HFJ_MIGRATION", "--log", missing, "--yes",
                    "--audit-file", work.resolve("audit.log").toString());
            CliRun export = lockdoctor(db.url, "export", "--log", missing);
            CliRun offline = CliRun.run(java.util.Map.of(), work, "export", "--log", missing);

            for (CliRun run : List.of(clear, export, offline)) {
                assertNeverGone(run);
                assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
                assertThat(run.err()).contains("missing.log").contains("cannot be read whole is not used as evidence");
                assertThat(run.out()).isEmpty();
            }
        }
    }

    /** H2 in exclusive mode pauses other sessions whatever their timeouts: clear gives up within its bound. */
    @Test
    void aDatabaseThatStopsAnsweringMidWindowIsGivenUpOnNeverWaitedForNorGone() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION");
                java.sql.Connection owner = java.sql.DriverManager.getConnection(db.url, "sa", "");
                java.sql.Statement s = owner.createStatement()) {
            db.row("FLY_HFJ_MIGRATION", -100, null, FIRST, "2025-01-03", true, null);
            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<CliRun> running = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> CliRun.run(java.util.Map.of(), work, "clear", "--url", db.url, "--user", "sa", "--timeout",
                            "1s", "--observe", "3s", "--min-age", "0s", "--table", "FLY_HFJ_MIGRATION", "--uuid", FIRST,
                            "--yes", "--audit-file", work.resolve("audit.log").toString()));
            Thread.sleep(1_500);
            s.execute("SET EXCLUSIVE 1");
            CliRun run = running.get(30, java.util.concurrent.TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            s.execute("SET EXCLUSIVE 0");

            assertNeverGone(run);
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.out()).contains("UNREADABLE: The database could not be inspected")
                    .contains("exclusive mode").contains("Nothing was deleted");
            assertThat(millis).as("--timeout 1s + --observe 3s + the 5 s margin").isLessThan(1_000 + 3_000 + 5_000 + 3_000);
            assertThat(work.resolve("audit.log")).doesNotExist();
            try (java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"FLY_HFJ_MIGRATION\" WHERE "
                    + "\"installed_rank\" = -100")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void identicalLockRowsAreNeverDeletedTogether() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            db.execute("DROP INDEX \"FLY_HFJ_MIGRATION_PK_INDEX\"")
                    .row("FLY_HFJ_MIGRATION", -100, null, FIRST, "2025-01-03", true, null)
                    .row("FLY_HFJ_MIGRATION", -100, null, FIRST, "2025-01-03", true, null);

            CliRun forced = lockdoctor(db.url, "clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", FIRST, "--yes",
                    "--force", "--audit-file", work.resolve("audit.log").toString());

            assertThat(forced.exitCode()).as(forced.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(forced.all()).contains("2 lock rows with the description " + FIRST);
            CliRun history = CliRun.run(java.util.Map.of(), work, "history", "--url", db.url, "--user", "sa");
            assertThat(history.out().lines().filter(l -> l.contains(FIRST))).hasSize(2);
        }
    }
}
