package io.lockdoctor.cli;

import static io.lockdoctor.cli.ClearDatabase.assertSameRow;
import static io.lockdoctor.cli.ClearDatabase.auditLines;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input and a short-privileged account on the real PostgreSQL server (issue 5, item 4):
 * the lock row and the table are untouched, and the audit records a failed attempt.
 */
class PostgresClearHostileInputTest {
    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();

    @TempDir
    Path work;

    private ClearDatabase db;
    private String uuid;
    private List<Map<String, Object>> before;
    private final List<String> roles = new ArrayList<>();

    @BeforeEach
    void aStaleLock() {
        db = PostgresSessions.clearDatabase(pg, work);
        HapiMigratorHarness hapi = db.hapi().createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        uuid = hapi.leaveCrashedLock();
        before = db.rows();
    }

    @AfterEach
    void dropRoles() {
        for (String role : roles) {
            ClearDatabase.execute(pg.dataSource(), "DROP OWNED BY " + role);
            ClearDatabase.execute(pg.adminDataSource(), "DROP ROLE IF EXISTS " + role);
        }
    }

    private void assertNothingChanged() {
        assertThat(db.historyTableExists()).isTrue();
        List<Map<String, Object>> now = db.rows();
        assertThat(now).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertSameRow(now.get(i), before.get(i));
        }
    }

    /** An account that sees every session (pg_read_all_stats) and may do only {@code privileges} on the table. */
    private Map<String, String> account(String privileges) {
        String role = "ld_clear_" + pg.database().substring(3) + "_" + roles.size();
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'clearer'",
                "GRANT pg_read_all_stats TO " + role,
                "GRANT USAGE ON SCHEMA public TO " + role,
                "GRANT " + privileges + " ON \"FLY_HFJ_MIGRATION\" TO " + role);
        roles.add(role);
        return Map.of("LOCKDOCTOR_URL", pg.url(), "LOCKDOCTOR_USER", role, "LOCKDOCTOR_PASSWORD", "clearer");
    }

    private CliRun clearAs(Map<String, String> env, Path audit) {
        return db.runWith(env, false, new ByteArrayInputStream(new byte[0]),
                db.clearArgs(uuid, "--yes", "--audit-file", audit.toString()));
    }

    @Test
    void anAccountThatMayOnlyReadCannotClearAndTheAuditSaysSo() throws IOException {
        Map<String, String> readOnly = account("SELECT");
        db.settle();
        Path audit = work.resolve("audit.log");

        CliRun run = clearAs(readOnly, audit);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("Verdict: STALE.")
                .contains("FAILED: The clear failed before its commit: could not lock the lock row of public.FLY_HFJ_MIGRATION")
                .contains("permission denied for table FLY_HFJ_MIGRATION")
                .contains("UPDATE").contains("DELETE")
                .contains("The lock row is still there: nothing was deleted");
        assertNothingChanged();
        List<JsonNode> lines = auditLines(audit);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.get("event").asText()).isEqualTo("OUTCOME");
            assertThat(line.get("result").asText()).isEqualTo("FAILED");
            assertThat(line.get("message").asText()).contains("permission denied");
        });
    }

    @Test
    void anAccountThatMayLockButNotDeleteRecordsItsIntentAndTheFailure() throws IOException {
        Map<String, String> noDelete = account("SELECT, UPDATE");
        db.settle();
        Path audit = work.resolve("audit.log");

        CliRun run = clearAs(noDelete, audit);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("FAILED: The clear failed before its commit: could not ")
                .contains("permission denied for table FLY_HFJ_MIGRATION")
                .contains("DELETE")
                .contains("The lock row is still there: nothing was deleted");
        assertNothingChanged();
        assertThat(auditLines(audit)).extracting(l -> l.get("event").asText() + " " + l.get("result").asText())
                .containsExactly("INTENT null", "OUTCOME FAILED");
    }

    @Test
    void aPasswordInTheUrlIsInNoOutputAndNoAuditLine() throws IOException {
        db.settle();
        // Where the server checks passwords, the real one goes into the URL; under trust auth any will do.
        String secret = pg.password().isEmpty() ? "s3cr3t-in-the-url" : pg.password();
        Map<String, String> env = Map.of("LOCKDOCTOR_USER", pg.user(),
                "LOCKDOCTOR_URL", pg.url() + (pg.url().contains("?") ? "&" : "?") + "password=" + secret);
        Path audit = work.resolve("audit.log");

        CliRun run = clearAs(env, audit);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.all()).doesNotContain(secret);
        List<JsonNode> lines = auditLines(audit);
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line.toString()).doesNotContain(secret));
        assertThat(lines.get(0).get("url").asText()).startsWith("jdbc:postgresql://").contains(pg.database());
    }

    @Test
    void sqlInTheUuidNeverReachesTheDatabase() {
        db.settle();
        for (String hostile : List.of(uuid + "'; DROP TABLE \"FLY_HFJ_MIGRATION\"; --",
                "x' OR 1=1; DELETE FROM \"FLY_HFJ_MIGRATION\"; --", uuid + "' OR '1'='1",
                "\u0430" + uuid.substring(1))) {
            CliRun run = db.clear(hostile, "--yes");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("is not a canonical UUID");
        }
        assertNothingChanged();
    }
}
