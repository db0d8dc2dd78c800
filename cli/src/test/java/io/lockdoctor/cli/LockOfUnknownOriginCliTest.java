package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock row HAPI did not write (Flyway's own {@code flyway-lock} row in a table Flyway created):
 * judged on the same evidence, never exported (HAPI puts the variable's value into its SQL), and
 * cleared only by its exact description.
 */
class LockOfUnknownOriginCliTest {
    private static final String TABLE = "FLY_HFJ_MIGRATION";

    @TempDir
    Path work;

    private CliRun lockdoctor(H2Database db, String... args) {
        return CliRun.run(Map.of("LOCKDOCTOR_URL", db.url, "LOCKDOCTOR_USER", "sa"), work, args);
    }

    private static H2Database withFlywayLock() throws Exception {
        return new H2Database().hapiTable(TABLE)
                .row(TABLE, -100, null, "flyway-lock", LocalDate.now().minusDays(3).toString(), true, null);
    }

    @Test
    void isJudgedNeverExportedAndClearedByItsExactDescription() throws Exception {
        try (H2Database db = withFlywayLock()) {
            CliRun doctor = lockdoctor(db, "doctor", "--observe", "1s");
            assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(ExitCodes.STALE);
            assertThat(doctor.out()).contains("'flyway-lock' was not written by HAPI")
                    .contains("--description 'flyway-lock'").doesNotContain("export CLEAR_LOCK_TABLE_WITH_DESCRIPTION");

            CliRun export = lockdoctor(db, "export", "--table", TABLE, "--observe", "1s");
            assertThat(export.exitCode()).as(export.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(export.out()).isEmpty();

            CliRun wrong = lockdoctor(db, "clear", "--table", TABLE, "--description", "flyway-lock ", "--observe", "1s",
                    "--yes");
            assertThat(wrong.exitCode()).as("a description that differs by one space matches nothing: " + wrong.all())
                    .isNotZero();
            assertThat(lockdoctor(db, "history", "--format", "csv").out()).contains("flyway-lock");

            CliRun clear = lockdoctor(db, "clear", "--table", TABLE, "--description", "flyway-lock", "--observe", "1s",
                    "--yes");
            assertThat(clear.exitCode()).as(clear.all()).isZero();
            assertThat(lockdoctor(db, "history", "--format", "csv").out()).doesNotContain("flyway-lock");
        }
    }

    @Test
    void aUuidGivenAsDescriptionIsSentToUuid() throws Exception {
        try (H2Database db = withFlywayLock()) {
            CliRun clear = lockdoctor(db, "clear", "--table", TABLE, "--description",
                    "cc38089f-d3ab-4ac6-a65f-dcc0727cee10", "--dry-run");
            assertThat(clear.exitCode()).as(clear.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(clear.err()).contains("give it with --uuid");
        }
    }
}
