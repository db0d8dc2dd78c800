package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class HistoryCommandTest {

    private static H2Database history() throws Exception {
        H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION");
        db.row("FLY_HFJ_MIGRATION", -1, null, "<< HAPI FHIR Schema History table created >>", "2025-01-01", true, null);
        for (int rank = 1; rank <= 30; rank++) {
            db.row("FLY_HFJ_MIGRATION", rank, "8.6.1.20250101." + rank, "Task, \"number\" " + rank, "2025-01-02",
                    rank != 7, rank != 7 ? "APPLIED" : null);
        }
        return db.row("FLY_HFJ_MIGRATION", -100, null, "cc38089f-d3ab-4ac6-a65f-dcc0727cee10", "2025-01-03", true,
                null);
    }

    @Test
    void textListsEveryRowInRankOrderWithTheLockMarked() throws Exception {
        try (H2Database db = history()) {
            CliRun run = CliRun.run("history", "--url", db.url, "--user", "sa");

            assertThat(run.exitCode()).isZero();
            String out = run.out();
            assertThat(out).startsWith("FLY_HFJ_MIGRATION in PUBLIC");
            assertThat(out).contains("LOCK cc38089f-d3ab-4ac6-a65f-dcc0727cee10").contains("FAILED");
            assertThat(out.indexOf("-100")).isLessThan(out.indexOf("8.6.1.20250101.1 "));
            assertThat(out.indexOf("8.6.1.20250101.29")).isLessThan(out.indexOf("8.6.1.20250101.30"));
        }
    }

    @Test
    void limitKeepsTheMostRecentRowsAscending() throws Exception {
        try (H2Database db = history()) {
            CliRun run = CliRun.run("history", "--url", db.url, "--user", "sa", "--limit", "3", "--format", "json");

            assertThat(run.exitCode()).isZero();
            JsonNode rows = new ObjectMapper().readTree(run.out()).get("tables").get(0).get("rows");
            assertThat(rows).extracting(r -> r.get("installedRank").asInt()).containsExactly(28, 29, 30);
            JsonNode last = rows.get(2);
            assertThat(last.get("version").asText()).isEqualTo("8.6.1.20250101.30");
            assertThat(last.get("type").asText()).isEqualTo("JDBC");
            assertThat(last.get("script").asText()).isEqualTo("HAPI FHIR");
            assertThat(last.get("checksum").isNull()).isTrue();
            assertThat(last.get("installedBy").asText()).isEqualTo("V8_6_1");
            assertThat(last.get("installedOn").asText()).isEqualTo("2025-01-02");
            assertThat(last.get("executionTime").asInt()).isEqualTo(12);
            assertThat(last.get("success").asBoolean()).isTrue();
            assertThat(last.get("result").asText()).isEqualTo("APPLIED");
        }
    }

    @Test
    void failedOnlyAsCsvQuotesFields() throws Exception {
        try (H2Database db = history()) {
            CliRun run = CliRun.run("history", "--url", db.url, "--user", "sa", "--failed", "--format", "csv");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out().split("\r\n")).containsExactly(
                    "table,schema,installed_rank,version,description,type,script,checksum,installed_by,installed_on,"
                            + "execution_time,success,result",
                    "FLY_HFJ_MIGRATION,PUBLIC,7,8.6.1.20250101.7,\"Task, \"\"number\"\" 7\",JDBC,HAPI FHIR,,V8_6_1,"
                            + "2025-01-02,12,false,");
        }
    }

    @Test
    void noHistoryTableExitsSix() throws Exception {
        try (H2Database db = new H2Database()) {
            CliRun run = CliRun.run("history", "--url", db.url, "--user", "sa", "--format", "json");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.NOTHING_FOUND);
            assertThat(new ObjectMapper().readTree(run.out()).get("tables")).isEmpty();
            assertThat(run.err()).contains("schemas searched: PUBLIC");
        }
    }

    @Test
    void negativeLimitIsAUsageError() {
        CliRun run = CliRun.run("history", "--url", "jdbc:h2:mem:x", "--limit", "-1");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("lockdoctor: --limit must be 0 (all rows) or positive, got -1");
    }
}
