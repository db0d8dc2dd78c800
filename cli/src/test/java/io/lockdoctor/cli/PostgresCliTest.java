package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.PostgresFixture;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI end to end on the real PostgreSQL server, over tables HAPI FHIR's own migrator wrote. */
class PostgresCliTest {
    @RegisterExtension
    final PostgresFixture postgres = new PostgresFixture();

    private CliRun lockdoctor(String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("LOCKDOCTOR_URL", postgres.url());
        env.put("LOCKDOCTOR_USER", postgres.user());
        if (!postgres.password().isEmpty()) {
            env.put("LOCKDOCTOR_PASSWORD", postgres.password());
        }
        return CliRun.run(env, Path.of("."), args);
    }

    @Test
    void historyAndStatusShowWhatHapiWrote() throws Exception {
        HapiMigratorHarness hapi = postgres.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        hapi.migrate(HapiMigratorHarness.sqlTask("20250101.1", "CREATE TABLE HFJ_DEMO (ID BIGINT)"));
        String uuid = hapi.leaveCrashedLock();

        CliRun history = lockdoctor("history", "--schema", postgres.schema(), "--format", "json");
        assertThat(history.exitCode()).as(history.all()).isZero();
        JsonNode table = new ObjectMapper().readTree(history.out()).get("tables").get(0);
        assertThat(table.get("table").asText()).isEqualTo("FLY_HFJ_MIGRATION");
        assertThat(table.get("schema").asText()).isEqualTo(postgres.schema());
        assertThat(table.get("rows")).extracting(r -> r.get("installedRank").asInt()).containsExactly(-100, -1, 1);
        JsonNode task = table.get("rows").get(2);
        assertThat(task.get("version").asText()).isEqualTo("8.6.1.20250101.1");
        assertThat(task.get("result").asText()).isEqualTo("APPLIED");
        assertThat(task.get("installedBy").asText()).isEqualTo(HapiMigratorHarness.installedBy());
        assertThat(table.get("rows").get(0).get("description").asText()).isEqualTo(uuid);

        CliRun status = lockdoctor("status", "--schema", postgres.schema(), "--observe", "0s");
        assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertThat(status.out()).contains("FLY_HFJ_MIGRATION in " + postgres.schema() + ": 1 migrations, latest "
                + "8.6.1.20250101.1").contains("LOCK: " + uuid + ", installed_on " + LocalDate.now());
    }

    @Test
    void missingTablesExitSixNamingTheSchema() {
        CliRun status = lockdoctor("status", "--schema", postgres.schema());

        assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.NOTHING_FOUND);
        assertThat(status.out()).contains("Schemas searched: " + postgres.schema());
    }
}
