package io.lockdoctor.cli;

import static io.lockdoctor.cli.ClearDatabase.assertSameRow;
import static io.lockdoctor.cli.ClearDatabase.auditLines;
import static io.lockdoctor.cli.ClearDatabase.restoreStatement;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.HapiMigrationLock;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.entity.HapiMigrationEntity;
import com.fasterxml.jackson.databind.JsonNode;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MariaDbFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The clear proof on the real MariaDB server, in a database of its own per test. HAPI's migrator
 * and the test write through {@code sql_mode=ANSI_QUOTES} pools, as HAPI needs; lockdoctor reads
 * through the URL without it, in the server's default mode.
 */
class MariaDbClearProofTest extends ClearProofContract {
    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @Override
    protected ClearDatabase database(Path workingDirectory) {
        return MariaDbSessions.clearDatabase(mariadb, workingDirectory);
    }

    @Override
    protected Set<Integer> racingLoserExitCodes() {
        // Without the performance schema (off by default) MariaDB shows no connection attributes, so
        // lockdoctor's sessions carry no visible tag, as on H2: the loser's observe window may catch
        // the winner's short transaction, as a session on the history table (ACTIVE), or its delete
        // in the server-wide write counters (UNCERTAIN). Every one of these deletes nothing.
        return Set.of(ExitCodes.NOTHING_FOUND, ExitCodes.ACTIVE, ExitCodes.UNCERTAIN);
    }

    // (h), from the CLI: the audit's INTENT (written inside the transaction, before the DELETE) and OUTCOME
    // (after the commit) are well under 2 s apart, and a new migrator started right after the clear, with
    // HAPI's low retry count, finds nothing of the clear in its way: it takes its lock and migrates.
    @Test
    void aClearLeavesNothingInTheWayOfTheNextMigrator() throws Exception {
        String uuid = crashedMigratorsLock();
        db.settle();
        Path audit = work.resolve("audit.log");

        CliRun clear = db.clear(uuid, "--yes", "--audit-file", audit.toString());

        assertThat(clear.exitCode()).as(clear.all()).isZero();
        List<JsonNode> lines = auditLines(audit);
        assertThat(lines).extracting(l -> l.get("event").asText()).containsExactly("INTENT", "OUTCOME");
        Duration intentToOutcome = Duration.between(Instant.parse(lines.get(0).get("time").asText()),
                Instant.parse(lines.get(1).get("time").asText()));
        assertThat(intentToOutcome).isGreaterThanOrEqualTo(Duration.ZERO).isLessThan(Duration.ofSeconds(2));

        HapiMigratorHarness next = db.hapiOnItsOwnPool();
        int retries = HapiMigrationLock.ourMaxRetryAttempts;
        MigrationResult result;
        try {
            HapiMigrationLock.setMaxRetryAttempts(HapiMigratorHarness.BLOCKED_RETRY_ATTEMPTS);
            result = next.migrate(sqlTask("20250101.2", "CREATE TABLE LD_SECOND (ID INT)"));
        } finally {
            HapiMigrationLock.setMaxRetryAttempts(retries);
        }
        assertThat(result.succeededTasks).hasSize(1);
        assertThat(next.lockDescription()).isEmpty();
        assertThat(next.rows()).extracting(HapiMigrationEntity::getVersion).contains("8.6.1.20250101.2");
    }

    // (g) on MariaDB: in the server's default sql_mode a backslash escapes inside a string literal, so
    // values holding one (a Windows path, a hostile value ending in a backslash) must still come back exactly
    // when the operator runs the printed INSERT through a session in that mode, and never break out of it.
    @Test
    void theRestoreStatementKeepsBackslashesInTheDefaultSqlMode() throws SQLException {
        HapiMigratorHarness hapi = db.hapi().createTable();
        String uuid = hapi.leaveCrashedLock();
        db.update("UPDATE \"FLY_HFJ_MIGRATION\" SET \"installed_by\" = ?, \"script\" = ?, \"version\" = ? "
                + "WHERE \"installed_rank\" = -100", "V8\\', 'x'); DROP TABLE FLY_HFJ_MIGRATION; -- \\",
                "C:\\HAPI\\n\\", "O'Brien\\");
        Map<String, Object> before = db.lockRows().get(0);
        assertThat(before.get("script")).isEqualTo("C:\\HAPI\\n\\");
        db.settle();

        CliRun clear = db.clear(uuid, "--yes");
        assertThat(clear.exitCode()).as(clear.all()).isZero();
        assertThat(db.lockRows()).isEmpty();
        String restore = restoreStatement(clear);
        ClearDatabase.execute(mariadb.newDataSource(1), restore);

        assertThat(db.historyTableExists()).isTrue();
        assertThat(db.lockRows()).singleElement().satisfies(after -> assertSameRow(after, before));

        // The same statement in a session whose sql_mode has NO_BACKSLASH_ESCAPES.
        db.update("DELETE FROM \"FLY_HFJ_MIGRATION\" WHERE \"installed_rank\" = -100");
        String url = mariadb.url() + (mariadb.url().contains("?") ? "&" : "?")
                + "sessionVariables=sql_mode=NO_BACKSLASH_ESCAPES";
        try (Connection connection = DriverManager.getConnection(url, mariadb.user(), mariadb.password());
                Statement statement = connection.createStatement()) {
            statement.execute(restore);
        }
        assertThat(db.lockRows()).singleElement().satisfies(after -> assertSameRow(after, before));
    }

    @Override
    protected List<String> racingRunsExcludeEachOther() {
        return List.of("--exclude-client", "user=root");
    }
}
