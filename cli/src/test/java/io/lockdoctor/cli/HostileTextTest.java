package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockdoctor.cli.render.TerminalText;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.H2Fixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MariaDbFixture;
import io.lockdoctor.fixtures.PostgresFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from a database or a log is data, never terminal control: history rows, a lock's
 * description and installed_by, a log file's name and lines, all holding ESC sequences (clear
 * screen, OSC hyperlinks), C1 controls, DEL, a bidi override and a line break that would paint a
 * fake "Overall: NO_LOCK" line, written into real H2, PostgreSQL and MariaDB tables. Every text
 * output shows them escaped, every JSON document keeps them exactly, and every command still ends
 * as it should.
 */
class HostileTextTest {
    /** Fits version (VARCHAR(50)), installed_by and result (VARCHAR(100)). */
    private static final String SHORT = "\u001b[2J\nOverall: NO_LOCK\u202e\u0007";
    /** Fits description (VARCHAR(200)). */
    private static final String LONG = "\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007\r\nOverall: NO_LOCK"
            + "\u009b31m\u0085\u007f\u2066\u001bPq";
    private static final String LOCK = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final String FAKE_LINE = "Overall: NO_LOCK";

    @TempDir
    Path dir;

    @Test
    void h2() throws Exception {
        try (H2Fixture h2 = H2Fixture.inMemory()) {
            h2.open();
            hostileHistoryIsShownEscaped(h2, h2.dataSource(), null);
        }
    }

    @Test
    void postgresql() throws Exception {
        try (PostgresFixture postgres = new PostgresFixture()) {
            postgres.open();
            hostileHistoryIsShownEscaped(postgres, postgres.dataSource(), postgres.schema());

            // A session reading the history table, its statement carrying the same text.
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (Connection c = postgres.newDataSource(1).getConnection(); Statement s = c.createStatement()) {
                    s.execute("SELECT (SELECT count(*) FROM \"FLY_HFJ_MIGRATION\"), pg_sleep(4) /* " + SHORT + " */");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);
            CliRun status = CliRun.run(Map.of("LOCKDOCTOR_URL", postgres.url(), "LOCKDOCTOR_USER", postgres.user()), dir,
                    "status", "--schema", postgres.schema(), "--observe", "1s", "--table", "FLY_HFJ_MIGRATION",
                    "--verbose");
            reader.join();
            assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.ACTIVE);
            assertSafe(status);
        }
    }

    @Test
    void mariadb() throws Exception {
        try (MariaDbFixture mariadb = new MariaDbFixture()) {
            mariadb.open();
            hostileHistoryIsShownEscaped(mariadb, mariadb.ansiQuotesDataSource(), mariadb.database());
        }
    }

    @Test
    void hostileLogLinesAndFileNames() throws Exception {
        Path log = dir.resolve("smile\u001b[2J\u202e.log");
        Files.writeString(log, "2025-01-01 10:00:00.000 [main] INFO  Migration Lock Row added. [uuid=" + LOCK + "]"
                + SHORT + "\n"
                + "\u001b]0;owned\u0007 2025-01-01 10:05:00.000 [main] ERROR HAPI-2153: Unable to obtain table lock - "
                + "another database migration may be running.  The lock record is located in the FLY_HFJ_MIGRATION "
                + "table with INSTALLED_RANK = -100 and DESCRIPTION = " + LOCK + LONG + "\n");

        CliRun text = CliRun.run(Map.of(), dir, "scan-log", log.toString());
        assertThat(text.exitCode()).as(text.all()).isZero();
        assertSafe(text);
        assertThat(text.out()).contains(LOCK).contains("smile\\u001b[2J\\u202e.log");

        CliRun json = CliRun.run(Map.of(), dir, "scan-log", log.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.all()).isZero();
        assertSafe(json);
        assertThat(new ObjectMapper().readTree(json.out()).get("findings").get(0).get("first").get("file").asText())
                .isEqualTo(log.toString());

        CliRun missing = CliRun.run(Map.of(), dir, "scan-log", dir.resolve("gone\u001b[2J\n" + FAKE_LINE).toString());
        assertThat(missing.exitCode()).as(missing.all()).isEqualTo(ExitCodes.ERROR);
        assertSafe(missing);
    }

    @Test
    void hostileArgumentsInErrors() {
        CliRun run = CliRun.run(Map.of(), dir, "status", "--url", "jdbc:h2:mem:x\u001b[2J\n" + FAKE_LINE,
                "--schema", "\u009b2J", "--observe", "0s");
        assertThat(run.exitCode()).as(run.all()).isIn(ExitCodes.ERROR, ExitCodes.NOTHING_FOUND);
        assertSafe(run);

        CliRun usage = CliRun.run(Map.of(), dir, "status", "--bogus\u001b[2J\n" + FAKE_LINE);
        assertThat(usage.exitCode()).as(usage.all()).isEqualTo(ExitCodes.USAGE);
        assertSafe(usage);
        assertThat(usage.err()).contains("--bogus\\u001b[2J\\n" + FAKE_LINE);
    }

    private void hostileHistoryIsShownEscaped(DatabaseFixture db, DataSource writer, String schema) throws Exception {
        HapiMigratorHarness hfj = db.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        HapiMigratorHarness cdr = db.hapiMigrator(HapiMigratorHarness.CDR_TABLE).createTable();
        // The lock in FLY_CDR_MIGRATION as HAPI itself writes it, with a description no migrator would choose.
        cdr.leaveCrashedLock(LONG);
        try (Connection c = writer.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (?, ?, ?, 'JDBC', 'HAPI FHIR', NULL, ?, ?, 1, ?, ?)")) {
            row(insert, 1, "8.6.1.1", LONG, SHORT, false, null);
            row(insert, 2, SHORT, "ok", "V8_6_1", true, SHORT);
            row(insert, -100, null, LOCK, SHORT, true, null);
        }
        List<String> where = schema == null ? List.of() : List.of("--schema", schema);
        Map<String, String> env = new HashMap<>();
        env.put("LOCKDOCTOR_URL", db.url());
        env.put("LOCKDOCTOR_USER", db.user());
        if (!db.password().isEmpty()) {
            env.put("LOCKDOCTOR_PASSWORD", db.password());
        }

        CliRun status = run(env, where, "status", "--observe", "0s");
        assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertSafe(status);
        assertThat(status.out()).contains("by " + TerminalText.escape(SHORT)).contains(TerminalText.escape(LONG));
        assertThat(status.out().lines().filter(l -> l.startsWith("Overall:"))).containsExactly("Overall: UNCERTAIN");

        CliRun statusJson = run(env, where, "status", "--observe", "0s", "--format", "json");
        assertThat(statusJson.exitCode()).as(statusJson.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertSafe(statusJson);
        JsonNode tables = new ObjectMapper().readTree(statusJson.out()).get("databases").get(0).get("tables");
        assertThat(StreamSupport.stream(tables.spliterator(), false).filter(t -> !t.get("lock").isNull())
                .map(t -> t.get("lock").get("installedBy").asText())).contains(SHORT);

        for (String format : List.of("text", "csv")) {
            CliRun history = run(env, where, "history", "--format", format);
            assertThat(history.exitCode()).as(history.all()).isZero();
            assertSafe(history);
            assertThat(history.out()).contains(TerminalText.escape(SHORT));
        }
        CliRun historyJson = run(env, where, "history", "--table", "FLY_HFJ_MIGRATION", "--format", "json");
        assertThat(historyJson.exitCode()).as(historyJson.all()).isZero();
        assertSafe(historyJson);
        JsonNode rows = new ObjectMapper().readTree(historyJson.out()).get("tables").get(0).get("rows");
        assertThat(StreamSupport.stream(rows.spliterator(), false).map(r -> r.get("description").asText()))
                .contains(LONG);

        CliRun doctor = run(env, where, "doctor", "--observe", "0s");
        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertSafe(doctor);

        CliRun export = run(env, where, "export", "--table", "FLY_CDR_MIGRATION", "--observe", "0s");
        assertThat(export.exitCode()).as(export.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertSafe(export);
        assertThat(export.out()).isEmpty();

        CliRun clear = run(env, where, "clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", LOCK, "--dry-run", "--force",
                "--observe", "0s", "--audit-file", dir.resolve("audit.log").toString());
        assertThat(clear.exitCode()).as(clear.all()).isZero();
        assertSafe(clear);
        assertThat(clear.out()).contains("Restore:").contains(TerminalText.escape(SHORT));

        // The confirmation question quotes the row too.
        List<String> ask = new ArrayList<>(List.of("clear", "--table", "FLY_HFJ_MIGRATION", "--uuid", LOCK, "--force",
                "--observe", "0s", "--audit-file", dir.resolve("audit.log").toString()));
        ask.addAll(where);
        CliRun declined = interactive(env, "no\n", ask);
        assertThat(declined.exitCode()).as(declined.all()).isEqualTo(ExitCodes.USAGE);
        assertSafe(declined);
        assertThat(declined.err()).contains("by " + TerminalText.escape(SHORT));
    }

    private CliRun interactive(Map<String, String> env, String answer, List<String> args) {
        return CliRun.run(new CliContext(env, new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)), true,
                Clock.systemUTC(), dir), args.toArray(String[]::new));
    }

    private static void row(PreparedStatement insert, int rank, String version, String description, String by,
            boolean success, String result) throws Exception {
        insert.setInt(1, rank);
        insert.setString(2, version);
        insert.setString(3, description);
        insert.setString(4, by);
        insert.setDate(5, Date.valueOf(LocalDate.of(2025, 1, 1)));
        insert.setBoolean(6, success);
        insert.setString(7, result);
        insert.executeUpdate();
    }

    private CliRun run(Map<String, String> env, List<String> where, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(where);
        return CliRun.run(env, dir, all.toArray(String[]::new));
    }

    /** No control character but the line breaks of the output itself (CSV's CRLF included), and no fake line. */
    private static void assertSafe(CliRun run) {
        for (String output : List.of(run.out(), run.err())) {
            String withoutLineEnds = output.replace("\r\n", "").replace("\n", "");
            assertThat(withoutLineEnds.chars().filter(c -> TerminalText.isControl((char) c)).boxed().toList())
                    .as("control characters in:%n%s", output).isEmpty();
            assertThat(output.lines().filter(line -> line.startsWith(FAKE_LINE)).toList()).as(output).isEmpty();
        }
    }
}
