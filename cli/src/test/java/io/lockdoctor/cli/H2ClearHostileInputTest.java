package io.lockdoctor.cli;

import static io.lockdoctor.cli.ClearDatabase.assertSameRow;
import static io.lockdoctor.cli.ClearDatabase.auditLines;
import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static io.lockdoctor.fixtures.HapiMigratorHarness.sqlTask;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.H2Fixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken input to {@code clear} (issue 5, item 4) on embedded H2: whatever is typed,
 * nothing but the one stale lock row is ever deleted, and a refusal says why with exit 2.
 */
class H2ClearHostileInputTest {
    /** A lock UUID with 'c's, so that look-alikes can replace them. */
    static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";

    @RegisterExtension
    final H2Fixture h2 = H2Fixture.inMemory();

    @TempDir
    Path work;

    private ClearDatabase db;
    private List<Map<String, Object>> before;

    @BeforeEach
    void aStaleLock() {
        db = new ClearDatabase(h2, "PUBLIC", work, () -> { });
        HapiMigratorHarness hapi = db.hapi().createTable();
        hapi.migrate(sqlTask("20250101.1", "CREATE TABLE LD_FIRST (ID INT)"));
        hapi.leaveCrashedLock(UUID);
        db.settle();
        before = db.rows();
    }

    private void assertNothingChanged() {
        assertThat(db.historyTableExists()).isTrue();
        List<Map<String, Object>> now = db.rows();
        assertThat(now).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertSameRow(now.get(i), before.get(i));
        }
    }

    static Stream<String> notCanonicalUuids() {
        return Stream.of(
                "x'; DROP TABLE \"FLY_HFJ_MIGRATION\"; --",
                UUID + "'; DROP TABLE \"FLY_HFJ_MIGRATION\"; --",
                UUID + "' OR '1'='1",
                UUID + "/* comment */",
                UUID + " -- comment",
                UUID + ";",
                "'" + UUID + "'",
                "\"" + UUID + "\"",
                // Cyrillic 'с' (U+0441) for the Latin 'c's, which look the same
                UUID.replace('c', '\u0441'),
                // one fullwidth digit, and Arabic-Indic digits, which Character.isDigit accepts
                UUID.replace("8089", "\uFF18089"),
                UUID.replace("38089", "\u0663\u0668\u0660\u0668\u0669"),
                "{" + UUID + "}",
                UUID.replace("-", ""),
                UUID + " ",
                " " + UUID,
                UUID + "\n",
                UUID + "\t",
                "urn:uuid:" + UUID,
                UUID.substring(1),
                UUID + "-0000",
                "");
    }

    @ParameterizedTest
    @MethodSource("notCanonicalUuids")
    void aUuidThatIsNotCanonicalIsRefusedBeforeAnyConnection(String uuid) {
        CliRun run = db.clear(uuid, "--yes");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("is not a canonical UUID (8-4-4-4-12 hexadecimal digits");
        assertThat(run.out()).doesNotContain("Verdict").doesNotContain("DELETE");
        assertNothingChanged();
        assertThat(Files.exists(work.resolve("lockdoctor-audit.log"))).isFalse();
    }

    @Test
    void anUpperCaseUuidIsTheSameLock() {
        CliRun run = db.clear(UUID.toUpperCase(), "--yes");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("DELETED: Deleted the lock " + UUID);
        assertThat(db.lockRows()).isEmpty();
    }

    /**
     * HAPI writes lower case, but a row restored by hand may not be: lockdoctor reports such a lock
     * under its canonical lower-case UUID, so clearing that UUID must delete the row as stored.
     */
    @Test
    void aLockStoredInUpperCaseIsClearedByItsUuid() {
        db.execute("UPDATE \"FLY_HFJ_MIGRATION\" SET \"description\" = UPPER(\"description\") WHERE \"installed_rank\" = -100");
        db.settle();

        CliRun run = db.clear(UUID, "--yes");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("DELETE FROM \"PUBLIC\".\"FLY_HFJ_MIGRATION\" WHERE \"installed_rank\" = -100 AND "
                + "\"description\" = '" + UUID.toUpperCase() + "'").contains("'" + UUID.toUpperCase() + "', 'JDBC'");
        assertThat(db.lockRows()).isEmpty();
    }

    static Stream<String> notMigrationTables() {
        return Stream.of(
                "FLY_HFJ_MIGRATION\"; DROP TABLE \"FLY_HFJ_MIGRATION\"; --",
                "FLY_HFJ_MIGRATION' --",
                "FLY_HFJ_MIGRATION /* */",
                "PUBLIC.FLY_HFJ_MIGRATION",
                // Cyrillic 'Н' (U+041D) for the Latin 'H'
                "FLY_\u041DFJ_MIGRATION",
                "FLY_HFJ_MIGRATION ",
                "HFJ_RESOURCE",
                "flyway_schema_history",
                "");
    }

    @ParameterizedTest
    @MethodSource("notMigrationTables")
    void aTableThatIsNotAMigrationTableIsRefused(String table) {
        CliRun run = db.lockdoctor("clear", "--table", table, "--uuid", UUID, "--schema", "PUBLIC", "--yes",
                "--observe", "1s", "--min-age", "0s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Invalid value for option '--table'")
                .contains("FLY_CDR_MIGRATION, FLY_HFJ_MIGRATION");
        assertNothingChanged();
    }

    @Test
    void aTableNamedLikeTheHistoryTableButLackingItsColumnsIsRefused() throws IOException {
        h2.execute("DROP TABLE \"FLY_HFJ_MIGRATION\"",
                "CREATE TABLE \"FLY_HFJ_MIGRATION\" (\"installed_rank\" INT NOT NULL, \"description\" VARCHAR(200))",
                "INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, '" + UUID + "')");

        CliRun run = db.clear(UUID, "--yes");

        // The table could not be read as a history table: an error, never "no lock".
        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("UNREADABLE: FLY_HFJ_MIGRATION in PUBLIC could not be read")
                .contains("FLY_HFJ_MIGRATION is not a migration history table: it lacks the column(s) "
                + "version, type, script");
        assertThat(db.rows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(UUID));
        assertThat(auditLines(work.resolve("lockdoctor-audit.log"))).isEmpty();
    }

    @Test
    void aHistoryTableInTwoSchemasNeedsSchema() {
        h2.execute("CREATE SCHEMA OTHER",
                "CREATE TABLE OTHER.\"FLY_HFJ_MIGRATION\" AS SELECT * FROM PUBLIC.\"FLY_HFJ_MIGRATION\"");

        CliRun run = db.lockdoctor("clear", "--table", HFJ_TABLE, "--uuid", UUID, "--yes", "--observe", "1s",
                "--min-age", "0s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("FLY_HFJ_MIGRATION exists in several schemas (OTHER, PUBLIC)")
                .contains("give --schema");
        assertNothingChanged();
        assertThat(db.rows("SELECT * FROM OTHER.\"FLY_HFJ_MIGRATION\" WHERE \"installed_rank\" = -100")).hasSize(1);
    }

    @Test
    void aLockWhoseDescriptionCarriesSqlIsNeverTheOneCleared() {
        db.execute("DELETE FROM \"FLY_HFJ_MIGRATION\" WHERE \"installed_rank\" = -100");
        String hostile = "x'); DROP TABLE \"FLY_HFJ_MIGRATION\"; --";
        db.hapi().leaveCrashedLock(hostile);
        db.settle();

        CliRun run = db.clear(UUID, "--yes");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.STALE);
        assertThat(run.out()).contains("OTHER_LOCK: The lock " + UUID + " is gone, but FLY_HFJ_MIGRATION holds another "
                + "lock now, " + hostile + ", whose verdict is STALE").contains("Nothing was deleted");
        assertThat(db.lockRows()).singleElement().satisfies(r -> assertThat(r.get("description")).isEqualTo(hostile));
        assertThat(db.historyTableExists()).isTrue();
    }

    @Test
    void aHostileSchemaFindsNothingAndChangesNothing() {
        for (String schema : List.of("PUBLIC\"; DROP TABLE \"FLY_HFJ_MIGRATION\"; --", "PUBL\u0406C", "%", "PUBLI_")) {
            CliRun run = db.lockdoctor("clear", "--table", HFJ_TABLE, "--uuid", UUID, "--schema", schema, "--yes",
                    "--observe", "1s", "--min-age", "0s");

            assertThat(run.exitCode()).as(schema + ": " + run.all()).isEqualTo(ExitCodes.NOTHING_FOUND);
            assertThat(run.out()).contains("NOT_FOUND: FLY_HFJ_MIGRATION does not exist in the schemas searched");
        }
        assertNothingChanged();
    }

    /**
     * Without the unique index two lock rows can carry one UUID: the verdict cannot speak for each,
     * so it is a doubt; forced, the row read before the DELETE is ambiguous, so nothing is deleted.
     */
    @Test
    void aDeleteThatWouldHitTwoRowsIsNeverRun() throws IOException {
        h2.execute("DROP INDEX \"FLY_HFJ_MIGRATION_PK_INDEX\"",
                "INSERT INTO \"FLY_HFJ_MIGRATION\" SELECT * FROM \"FLY_HFJ_MIGRATION\" WHERE \"installed_rank\" = -100");
        before = db.rows();
        assertThat(db.lockRows()).hasSize(2);

        CliRun run = db.clear(UUID, "--yes");
        CliRun forced = db.clear(UUID, "--yes", "--force");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertThat(run.out()).contains("holds 2 lock rows").contains("no unique index on installed_rank")
                .contains("REFUSED_UNCERTAIN");
        assertThat(forced.exitCode()).as(forced.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(forced.all()).contains("holds 2 lock rows with the description " + UUID)
                .contains("nothing was deleted");
        assertNothingChanged();
        assertThat(auditLines(work.resolve("lockdoctor-audit.log"))).isEmpty();
    }

    /** Column values are the database's, not lockdoctor's: quotes and line breaks in them must not forge audit lines. */
    @Test
    void hostileColumnValuesCannotForgeAuditLines() throws IOException {
        String forged = "V8\"}\n{\"event\":\"OUTCOME\",\"result\":\"DELETED\"}\r\n\u0000\u2028";
        db.update("UPDATE \"FLY_HFJ_MIGRATION\" SET \"installed_by\" = ? WHERE \"installed_rank\" = -100", forged);
        db.settle();

        CliRun run = db.clear(UUID, "--yes");

        assertThat(run.exitCode()).as(run.all()).isZero();
        List<String> raw = Files.readAllLines(work.resolve("lockdoctor-audit.log"));
        assertThat(raw).hasSize(2);
        assertThat(auditLines(work.resolve("lockdoctor-audit.log"))).allSatisfy(line ->
                assertThat(line.get("row").get("installed_by").asText()).isEqualTo(forged))
                .extracting(l -> l.get("event").asText()).containsExactly("INTENT", "OUTCOME");
    }

    @Test
    void anAuditFileUnderARegularFileFailsAndNothingIsDeleted() throws IOException {
        Path notADirectory = Files.writeString(work.resolve("not-a-directory"), "x");

        CliRun run = db.clear(UUID, "--yes", "--audit-file", notADirectory.resolve("audit.log").toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("FAILED: Nothing was deleted: cannot write the audit file "
                + notADirectory.resolve("audit.log")).contains("Give a writable --audit-file");
        assertNothingChanged();
    }

    @Test
    void anAuditFileThatIsADirectoryFailsAndNothingIsDeleted() throws IOException {
        Path directory = Files.createDirectory(work.resolve("audit-dir"));

        CliRun run = db.clear(UUID, "--yes", "--audit-file", directory.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("FAILED: Nothing was deleted: cannot write the audit file " + directory)
                .contains("it is not a regular file");
        assertNothingChanged();
        try (Stream<Path> inside = Files.list(directory)) {
            assertThat(inside).isEmpty();
        }
    }

    @Test
    void anAuditFileThatIsASymbolicLinkIsNotFollowed() throws IOException {
        Path target = Files.writeString(work.resolve("someone-elses-file"), "precious\n");
        Path link = Files.createSymbolicLink(work.resolve("audit.log"), target);

        CliRun run = db.clear(UUID, "--yes", "--audit-file", link.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("FAILED: Nothing was deleted: cannot write the audit file");
        assertThat(Files.readString(target)).isEqualTo("precious\n");
        assertNothingChanged();
    }

    /** The operator sees everything (verdict, evidence, the DELETE, the restore INSERT) before the question. */
    @Test
    void theConfirmationComesAfterEverythingIsShown() {
        String screen = db.screenAnswering("no", db.clearArgs(UUID));

        int verdict = screen.indexOf("Verdict: STALE.");
        int evidence = screen.indexOf("  - LOCK_ROW: ");
        int delete = screen.indexOf("Statement: DELETE FROM ");
        int restore = screen.indexOf("Restore:   INSERT INTO ");
        int question = screen.indexOf("Delete the lock " + UUID);
        int answer = screen.indexOf("DECLINED: Not confirmed: nothing was deleted.");
        assertThat(List.of(verdict, evidence, delete, restore, question, answer)).as(screen)
                .doesNotContain(-1).isSorted();
        assertThat(screen.split("Restore:", -1)).as("the plan is shown once").hasSize(2);
        assertThat(screen).endsWith("exit " + ExitCodes.USAGE + "\n");
        assertNothingChanged();
    }

    /** A full disk tore the last OUTCOME record: the next clear must not glue its INTENT to the fragment. */
    @Test
    void anAuditFileWithATornLastRecordIsNeverExtendedAndNothingIsDeleted() throws IOException {
        Path audit = work.resolve("audit.log");
        String whole = "{\"time\":\"2026-11-30T10:00:00Z\",\"event\":\"INTENT\"}\n";
        String torn = whole + "{\"time\":\"2026-11-30T10:00:01Z\",\"event\":\"OUTC";
        Files.writeString(audit, torn);

        CliRun run = db.lockdoctor(db.clearArgs(UUID, "--yes", "--audit-file", audit.toString()));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("FAILED: Nothing was deleted: cannot add to the audit file " + audit)
                .contains("does not end with a complete record")
                .contains("truncate -s " + whole.length() + " '" + audit + "'");
        assertThat(Files.readString(audit)).isEqualTo(torn);
        assertNothingChanged();
    }

    @Test
    void withoutATerminalAndWithoutYesItRefusesBeforeConnecting() {
        // Nothing listens on port 1: had lockdoctor tried to connect, it would say so and exit 1.
        CliRun run = db.runWith(Map.of(), false, new ByteArrayInputStream(new byte[0]), "clear",
                "--url", "jdbc:postgresql://127.0.0.1:1/nowhere", "--user", "nobody", "--table", HFJ_TABLE,
                "--uuid", UUID);

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("clear asks for confirmation on a terminal and there is none: pass --yes")
                .doesNotContain("connect");
        assertNothingChanged();
    }

    @Test
    void withoutATerminalAndWithoutYesNothingIsDeleted() {
        CliRun run = db.lockdoctor(db.clearArgs(UUID));

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("there is none: pass --yes");
        assertNothingChanged();
    }

    @Test
    void dryRunAndYesTogetherAreRefused() {
        CliRun run = db.clear(UUID, "--yes", "--dry-run");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("give --dry-run or --yes, not both");
        assertNothingChanged();
    }

    @Test
    void aLockMustBeNamed() {
        CliRun run = db.lockdoctor("clear", "--table", HFJ_TABLE, "--yes");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("say which lock to clear: --uuid UUID, or --log FILE");
        assertNothingChanged();
    }

    @Test
    void aPromptAnsweredWithAnythingButYesDeletesNothing() {
        for (String answer : List.of("y", "YES please", "yes'; DROP TABLE \"FLY_HFJ_MIGRATION\"; --")) {
            CliRun run = db.lockdoctorAnswering(answer, db.clearArgs(UUID));

            assertThat(run.exitCode()).as(answer + ": " + run.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.out()).contains("DECLINED");
        }
        assertNothingChanged();
    }
}
