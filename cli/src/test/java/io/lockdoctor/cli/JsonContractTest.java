package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockdoctor.core.AgeBound;
import io.lockdoctor.core.ClearResult;
import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.doctor.LogCrossCheck;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.scan.LockEventKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema files against the code and against real outputs: each enum in a schema is the
 * code's enum, every verdict's document conforms (CliRun checks every JSON document any test
 * produces), and the schemas are strict enough that a changed document is caught.
 */
class JsonContractTest {
    private static final String OLD_LOCK = "0eff6e07-1c2b-4d3a-8e9f-0a1b2c3d4e5f";

    @Test
    void schemasAreShippedAsResources() throws IOException {
        for (String name : List.of("status", "doctor", "history", "scan-log", "clear-audit")) {
            try (InputStream in = StatusCommand.class.getResourceAsStream("/schemas/" + name + ".schema.json")) {
                assertThat(in).as(name).isNotNull();
                assertThat(JsonContract.parse(new String(in.readAllBytes())).get("$schema").asText())
                        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            }
        }
    }

    @Test
    void enumsAreTheCodesEnums() {
        JsonNode status = schemaText("status");
        assertThat(values(status.at("/$defs/verdict/enum"))).containsExactlyElementsOf(names(Verdict.values()));
        assertThat(values(status.at("/$defs/evidence/properties/kind/enum")))
                .containsExactlyElementsOf(names(EvidenceKind.values()));
        assertThat(values(status.at("/$defs/session/properties/effect/enum")))
                .containsExactlyElementsOf(names(SessionFinding.Effect.values()));
        assertThat(values(status.at("/$defs/lock/properties/ageSource/enum")))
                .containsExactlyElementsOf(names(AgeBound.Source.values()));
        assertThat(values(status.at("/$defs/table/properties/table/enum")))
                .containsExactlyElementsOf(names(KnownTable.values()));
        assertThat(values(schemaText("scan-log").at("/$defs/event/properties/kind/enum")))
                .containsExactlyElementsOf(names(LockEventKind.values()));
        assertThat(values(schemaText("doctor").at("/$defs/crossCheck/properties/outcome/enum")))
                .containsExactlyElementsOf(names(LogCrossCheck.Outcome.values()));
        assertThat(values(schemaText("clear-audit").at("/properties/result/enum")))
                .containsExactlyElementsOf(names(ClearResult.values()));
    }

    @Test
    void everyVerdictOfH2ConformsAndAChangedDocumentDoesNot() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION").hapiTable("FLY_CDR_MIGRATION")) {
            db.row("FLY_HFJ_MIGRATION", 1, "8.6.1.20250101.1", "Add index", "2025-01-02", true, "APPLIED")
                    .row("FLY_HFJ_MIGRATION", 2, "8.6.1.20250101.2", "Add column", "2025-01-02", false, null);
            assertThat(status(db, "--observe", "0s").exitCode()).isEqualTo(ExitCodes.OK);

            db.row("FLY_HFJ_MIGRATION", -100, null, OLD_LOCK, "2025-01-03", true, null);
            CliRun uncertain = status(db, "--observe", "0s");
            assertThat(uncertain.exitCode()).isEqualTo(ExitCodes.UNCERTAIN);
            // The test's own H2 connection keeps the database alive: excluded as the operator's assumption.
            CliRun stale = status(db, "--observe", "1s", "--min-age", "0s", "--exclude-client", "user=SA");
            assertThat(stale.exitCode()).as(stale.all()).isEqualTo(ExitCodes.STALE);
            CliRun doctor = CliRun.run("doctor", "--url", db.url, "--user", "sa", "--observe", "0s", "--format", "json");
            assertThat(doctor.exitCode()).isEqualTo(ExitCodes.UNCERTAIN);
            CliRun history = CliRun.run("history", "--url", db.url, "--user", "sa", "--format", "json");
            assertThat(history.exitCode()).isEqualTo(ExitCodes.OK);

            JsonNode document = JsonContract.parse(stale.out());
            assertThat(JsonContract.violations("status", document)).isEmpty();
            assertThat(rejected("status", document, d -> ((ObjectNode) table(d)).put("ownerPid", 42)))
                    .as("a field the contract does not have").isNotEmpty();
            assertThat(rejected("status", document, d -> ((ObjectNode) table(d)).remove("reason")))
                    .as("a contract field missing").isNotEmpty();
            assertThat(rejected("status", document, d -> ((ObjectNode) table(d)).put("verdict", "PROBABLY_STALE")))
                    .as("a verdict the contract does not name").isNotEmpty();
            assertThat(rejected("status", document, d -> ((ObjectNode) table(d).get("lock")).put("uuid", 7)))
                    .as("a wrong type").isNotEmpty();
            assertThat(rejected("history", JsonContract.parse(history.out()),
                    d -> ((ObjectNode) d.at("/tables/1/rows/0")).remove("success")))
                    .as("a history row without success").isNotEmpty();
        }
    }

    @Test
    void anUnreachableDatabaseIsAnErrorDocument() {
        CliRun run = CliRun.run("status", "--url", "jdbc:postgresql://127.0.0.1:1/test", "--user", "x",
                "--timeout", "2s", "--format", "json");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        JsonNode database = JsonContract.parse(run.out()).get("databases").get(0);
        assertThat(database.get("error").asText()).isNotBlank();
        assertThat(JsonContract.violations("status", JsonContract.parse(run.out()))).isEmpty();
    }

    private static CliRun status(H2Database db, String... evidence) {
        List<String> args = new ArrayList<>(List.of("status", "--url", db.url, "--user", "sa", "--format", "json",
                "--writer-zone", "UTC"));
        args.addAll(Arrays.asList(evidence));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static JsonNode table(JsonNode status) {
        JsonNode tables = status.get("databases").get(0).get("tables");
        return StreamSupport.stream(tables.spliterator(), false).filter(t -> !t.get("lock").isNull()).findFirst()
                .orElseThrow();
    }

    /** The schema's complaints about a changed copy of a conforming document. */
    private static List<String> rejected(String schema, JsonNode document, Consumer<JsonNode> change) {
        JsonNode copy = document.deepCopy();
        change.accept(copy);
        return JsonContract.violations(schema, copy);
    }

    private static JsonNode schemaText(String name) {
        try (InputStream in = StatusCommand.class.getResourceAsStream("/schemas/" + name + ".schema.json")) {
            return JsonContract.parse(new String(in.readAllBytes()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The enum's strings, without the null a nullable field adds. */
    private static List<String> values(JsonNode enumNode) {
        assertThat(enumNode.isArray()).as("an enum").isTrue();
        return StreamSupport.stream(enumNode.spliterator(), false).filter(v -> !v.isNull()).map(JsonNode::asText)
                .toList();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
