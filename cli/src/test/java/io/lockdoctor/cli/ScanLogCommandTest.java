package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScanLogCommandTest {
    @TempDir
    Path dir;

    private Path sample(String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/logs/" + name)) {
            Path target = dir.resolve(name);
            Files.copy(in, target);
            return target;
        }
    }

    @Test
    void textShowsTheLockAndTheTimelineAndExitsZero() throws Exception {
        Path log = sample("logback-smile.log");
        CliRun run = CliRun.run("scan-log", log.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("FLY_HFJ_MIGRATION").contains("0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61")
                .contains("HAPI-2153").contains("Timeline (").contains("LOCK_RELEASE_FAILED")
                .contains(log + ":8 2025-03-11 10:05:49.010");
    }

    @Test
    void aCrashLoopIsAFewRowsInTextAndTheEventsInJson() throws Exception {
        String uuid = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
        StringBuilder text = new StringBuilder();
        for (int restart = 0; restart < 300; restart++) {
            for (int retry = 1; retry <= 49; retry++) {
                text.append(String.format("2025-03-11 %02d:%02d:%02d.1 [main] INFO  c.u.f.j.m.HapiMigrationLock Waiting for "
                        + "lock on FLY_HFJ_MIGRATION.  Retry %d/50%n", 3 + restart / 60, restart % 60, retry, retry));
            }
            text.append("2025-03-11 03:00:50.300 [main] ERROR c.u.f.j.m.HapiMigrator Migration failed\n")
                    .append("ca.uhn.fhir.jpa.migrate.HapiMigrationException: HAPI-2153: Unable to obtain table lock - "
                            + "another database migration may be running.  If no other database migration is running, "
                            + "then the previous migration did not shut down properly and the lock record needs to be "
                            + "deleted manually.  The lock record is located in the FLY_HFJ_MIGRATION table with "
                            + "INSTALLED_RANK = -100 and DESCRIPTION = ").append(uuid).append('\n');
        }
        Path log = Files.writeString(dir.resolve("crash-loop.log"), text);

        CliRun folded = CliRun.run("scan-log", log.toString());
        assertThat(folded.exitCode()).as(folded.all()).isZero();
        assertThat(folded.out()).contains("300 failed starts (each 49 waits, then HAPI-2153)")
                .contains("2025-03-11 03:00:01.100").contains(log + ":1-15300");
        assertThat(folded.out().lines().count()).as(folded.out()).isLessThan(15);

        CliRun all = CliRun.run("scan-log", log.toString(), "--all-events");
        assertThat(all.out()).contains("Events (").contains(log + ":15300");
        assertThat(all.out().lines().count()).isGreaterThan(5_000);

        JsonNode doc = new ObjectMapper().readTree(CliRun.run("scan-log", log.toString(), "--format", "json").out());
        JsonNode events = doc.get("events");
        assertThat(events).hasSize(5_000); // the first and the most recent, as bounded memory allows
        assertThat(events.get(0).get("line").asLong()).isEqualTo(1);
        assertThat(events.get(4_999).get("line").asLong()).isEqualTo(300 * 51);
        assertThat(doc.get("findings").get(0).get("occurrences").asLong()).isEqualTo(300);
    }

    @Test
    void jsonIsTheDocumentOfTheContract() throws Exception {
        Path log = sample("cri.log");
        CliRun run = CliRun.run("scan-log", log.toString(), "--format", "json");
        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode doc = new ObjectMapper().readTree(run.out());
        assertThat(doc.fieldNames()).toIterable().containsExactly("findings", "events", "filesScanned",
                "bytesScanned");
        JsonNode finding = doc.get("findings").get(0);
        assertThat(finding.fieldNames()).toIterable().containsExactly("table", "uuid", "code", "occurrences", "first",
                "last");
        assertThat(finding.get("uuid").asText()).isEqualTo("5b6c7d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0e");
        assertThat(finding.get("first").fieldNames()).toIterable().containsExactly("file", "line", "timestamp");
        assertThat(finding.get("first").get("timestamp").asText()).isEqualTo("2025-03-11T10:05:50.099+01:00");
        JsonNode event = doc.get("events").get(0);
        assertThat(event.fieldNames()).toIterable().containsExactly("kind", "uuid", "table", "file", "line",
                "timestamp");
        assertThat(event.get("kind").asText()).isEqualTo("LOCK_WAIT");
        assertThat(event.get("uuid").isNull()).isTrue();
        assertThat(doc.get("filesScanned").asInt()).isEqualTo(1);
        assertThat(doc.get("bytesScanned").asLong()).isEqualTo(Files.size(log));
    }

    @Test
    void nothingFoundExitsSix() throws Exception {
        CliRun run = CliRun.run("scan-log", sample("near-misses.txt").toString());
        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.out()).contains("No lock message");
    }

    @Test
    void truncatedGzipExitsOneAndStillReports() throws Exception {
        byte[] gz = Files.readAllBytes(sample("smile.log.1.gz"));
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 40));
        CliRun run = CliRun.run("scan-log", cut.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(cut.toString()).contains("truncated");
        assertThat(run.out()).contains("0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61");
    }

    @Test
    void missingFileExitsOneAndNoArgumentsIsUsage() {
        CliRun missing = CliRun.run("scan-log", dir.resolve("nope.log").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.log").contains("no such file");
        assertThat(CliRun.run("scan-log").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("scan-log", "x.log", "--format", "csv").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("scan-log", "x.log", "--log-zone", "Mars/Olympus").exitCode()).isEqualTo(2);
    }

    @Test
    void standardInputWithLogZone() throws Exception {
        byte[] log = getClass().getResourceAsStream("/logs/ticket-quoted.txt").readAllBytes();
        CliContext context = new CliContext(Map.of(), new ByteArrayInputStream(log), false, Clock.systemUTC(), dir);
        CommandLine cli = new LockDoctorCli(context).commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int code = cli.execute("scan-log", "-", "--log-zone", "America/Toronto", "--format", "json");
        assertThat(code).isZero();
        JsonNode first = new ObjectMapper().readTree(out.toString()).get("findings").get(0).get("first");
        assertThat(first.get("file").asText()).isEqualTo("-");
        assertThat(first.get("line").asLong()).isEqualTo(4);
        assertThat(first.get("timestamp").asText()).isEqualTo("2025-03-11T10:05:50.099-04:00");
    }
}
