package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    private static final String LOCK = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final String OTHER = "2981dc98-6111-4892-b3f9-56b9d559f4d7";

    @TempDir
    Path dir;

    private Path log(String... lines) throws Exception {
        return Files.writeString(dir.resolve("smile.log"), String.join("\n", lines) + "\n");
    }

    private static String blocked(String uuid) {
        return "2026-11-27T10:00:00.000Z [main] ERROR ca.cdr.App ca.uhn.fhir.jpa.migrate.HapiMigrationException: "
                + "HAPI-2153: Unable to obtain table lock - another database migration may be running.  If no other "
                + "database migration is running, then the previous migration did not shut down properly and the lock "
                + "record needs to be deleted manually.  The lock record is located in the FLY_HFJ_MIGRATION table with "
                + "INSTALLED_RANK = -100 and DESCRIPTION = " + uuid;
    }

    private static H2Database lockedToday(String uuid) throws Exception {
        H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION").hapiTable("FLY_CDR_MIGRATION");
        return db.execute("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, '" + uuid
                + "', 'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', CURRENT_DATE, 0, TRUE, NULL)");
    }

    @Test
    void theLogDatesATodaysLockExactlySoItCanBeProvenStale() throws Exception {
        Instant twoHoursAgo = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Path log = log(twoHoursAgo + " [main] INFO  c.u.f.j.m.HapiMigrationLock Migration Lock Row added. [uuid=" + LOCK
                + "]", blocked(LOCK));
        try (H2Database db = lockedToday(LOCK)) {
            CliRun withoutLog = CliRun.run("doctor", "--url", db.url, "--user", "sa", "--observe", "1s");
            assertThat(withoutLog.exitCode()).as(withoutLog.all()).isEqualTo(ExitCodes.UNCERTAIN);

            CliRun run = CliRun.run("doctor", "--url", db.url, "--user", "sa", "--observe", "1s", "--log", log.toString());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.STALE);
            assertThat(run.out()).startsWith("Verdict: STALE. The lock " + LOCK + " in FLY_HFJ_MIGRATION is stale")
                    .contains("SAME_LOCK: FLY_HFJ_MIGRATION still holds the lock the log names")
                    .contains("the log shows it taken at " + twoHoursAgo)
                    .contains("Next steps:")
                    .contains("1. Start ONE server node once")
                    .contains("export CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + LOCK)
                    .contains("remove CLEAR_LOCK_TABLE_WITH_DESCRIPTION again; never put it on every replica");
        }
    }

    @Test
    void aLockTheLogNamesThatIsGoneIsSaidSo() throws Exception {
        Path log = log(blocked(LOCK));
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            CliRun run = CliRun.run("doctor", "--url", db.url, "--user", "sa", "--log", log.toString());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).contains("ALREADY_GONE").contains("The lock the log names is gone")
                    .contains("Start the server again");
        }
    }

    @Test
    void aDifferentLockNowIsJudgedInsteadOfTheLogs() throws Exception {
        Path log = log(blocked(OTHER));
        try (H2Database db = lockedToday(LOCK)) {
            CliRun run = CliRun.run("doctor", "--url", db.url, "--user", "sa", "--log", log.toString(), "--observe", "0s",
                    "--format", "json");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.UNCERTAIN);
            JsonNode doc = new ObjectMapper().readTree(run.out());
            assertThat(doc.get("verdict").asText()).isEqualTo("UNCERTAIN");
            JsonNode check = doc.get("crossChecks").get(0);
            assertThat(check.get("outcome").asText()).isEqualTo("DIFFERENT_LOCK");
            assertThat(check.get("logUuid").asText()).isEqualTo(OTHER);
            assertThat(check.get("databaseUuid").asText()).isEqualTo(LOCK);
            assertThat(doc.get("logs").get("findings").get(0).get("uuid").asText()).isEqualTo(OTHER);
            assertThat(doc.get("logs").get("filesScanned").asInt()).isEqualTo(1);
            assertThat(doc.get("databases").get(0).get("tables")).hasSize(2);
            assertThat(doc.get("nextSteps")).isNotEmpty();
            assertThat(doc.get("nextSteps").toString()).contains("--observe 10s");
        }
    }

    @Test
    void anUnreadableLogIsAnErrorNotALogWithNothingInIt() throws Exception {
        try (H2Database db = lockedToday(LOCK)) {
            CliRun run = CliRun.run("doctor", "--url", db.url, "--user", "sa", "--observe", "0s", "--log",
                    dir.resolve("missing.log").toString());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.err()).contains("missing.log: no such file").contains("not used as evidence");
            assertThat(run.out()).doesNotContain("Verdict");
        }
    }
}
