package io.lockdoctor.cli;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import picocli.CommandLine;

/**
 * One test's database for the clear suites, and lockdoctor pointed at it the way an operator
 * would: a JDBC URL, a user, the password in {@code LOCKDOCTOR_PASSWORD}, in a working directory
 * of the test's own (where the default audit file lands).
 *
 * <p>Everything a test prepares goes through {@link #setup()}, a pool that {@link #settle()}
 * closes before lockdoctor looks, so that the sessions that prepared the scene (and, on
 * PostgreSQL, the write counters they flush on exit) are not in lockdoctor's observe window.
 */
final class ClearDatabase {
    /** Short windows keep the suite fast; the rules need at least 1 s for STALE. */
    static final String OBSERVE = "1s";

    private final DatabaseFixture fixture;
    private final String schema;
    private final Path workingDirectory;
    private final Runnable awaitSessionsGone;
    private DataSource setup;

    ClearDatabase(DatabaseFixture fixture, String schema, Path workingDirectory, Runnable awaitSessionsGone) {
        this.fixture = fixture;
        this.schema = schema;
        this.workingDirectory = workingDirectory;
        this.awaitSessionsGone = awaitSessionsGone;
    }

    DatabaseFixture fixture() {
        return fixture;
    }

    String schema() {
        return schema;
    }

    Path workingDirectory() {
        return workingDirectory;
    }

    /** The pool that prepares the scene; closed by {@link #settle()}, a new one after that. */
    DataSource setup() {
        if (setup == null) {
            setup = fixture.newDataSource(2);
        }
        return setup;
    }

    /** HAPI's real migrator on the setup pool. */
    HapiMigratorHarness hapi() {
        return fixture.hapiMigrator(setup(), HFJ_TABLE);
    }

    /** HAPI's real migrator on a pool of its own (a server starting while lockdoctor works). */
    HapiMigratorHarness hapiOnItsOwnPool() {
        return fixture.hapiMigrator(fixture.newDataSource(2), HFJ_TABLE);
    }

    /** Closes the setup pool and waits until its sessions have left the database. */
    void settle() {
        if (setup != null) {
            try {
                ((AutoCloseable) setup).close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            setup = null;
            awaitSessionsGone.run();
        }
    }

    void execute(String... statements) {
        execute(setup(), statements);
    }

    static void execute(DataSource dataSource, String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One statement with bound values, on the setup pool. */
    void update(String sql, Object... values) {
        try (Connection connection = setup().getConnection();
                java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Every row of the history table, each column by its name, in rank order; read on a short-lived pool. */
    List<Map<String, Object>> rows() {
        return rows("SELECT * FROM \"" + HFJ_TABLE + "\" ORDER BY \"installed_rank\"");
    }

    /** The lock rows (rank -100), each column by its name. */
    List<Map<String, Object>> lockRows() {
        return rows("SELECT * FROM \"" + HFJ_TABLE + "\" WHERE \"installed_rank\" = -100");
    }

    List<Map<String, Object>> rows(String sql) {
        DataSource reader = fixture.newDataSource(1);
        try (Connection connection = reader.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } finally {
            close(reader);
        }
    }

    /** Whether the history table still exists (a hostile input must not have dropped it). */
    boolean historyTableExists() {
        try {
            rows("SELECT COUNT(*) FROM \"" + HFJ_TABLE + "\"");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** lockdoctor with the connection in the environment, no terminal, empty stdin. */
    CliRun lockdoctor(String... args) {
        return run(false, new ByteArrayInputStream(new byte[0]), args);
    }

    /** lockdoctor on a terminal whose operator types {@code answer}. */
    CliRun lockdoctorAnswering(String answer, String... args) {
        return run(true, new ByteArrayInputStream((answer + "\n").getBytes(StandardCharsets.UTF_8)), args);
    }

    /** lockdoctor on a terminal whose stdin is {@code stdin} (read when the prompt is answered). */
    CliRun lockdoctorOnTerminal(InputStream stdin, String... args) {
        return run(true, stdin, args);
    }

    /**
     * {@code clear --table FLY_HFJ_MIGRATION --uuid <uuid> --schema <schema> --observe 1s --min-age 0s}
     * followed by {@code extra} (e.g. {@code --yes}); an {@code --min-age} in extra replaces the 0s.
     */
    String[] clearArgs(String uuid, String... extra) {
        List<String> args = new ArrayList<>(List.of("clear", "--table", HFJ_TABLE, "--uuid", uuid,
                "--schema", schema, "--observe", OBSERVE));
        if (!List.of(extra).contains("--min-age")) {
            args.addAll(List.of("--min-age", "0s"));
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    CliRun clear(String uuid, String... extra) {
        return lockdoctor(clearArgs(uuid, extra));
    }

    private CliRun run(boolean interactive, InputStream stdin, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("LOCKDOCTOR_URL", fixture.url());
        env.put("LOCKDOCTOR_USER", fixture.user());
        if (!fixture.password().isEmpty()) {
            env.put("LOCKDOCTOR_PASSWORD", fixture.password());
        }
        return runWith(env, interactive, stdin, args);
    }

    CliRun runWith(Map<String, String> env, boolean interactive, InputStream stdin, String... args) {
        CliContext context = new CliContext(env, stdin, interactive, Clock.systemUTC(), workingDirectory);
        CommandLine cli = new LockDoctorCli(context).commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The audit file's lines, parsed; empty when the file does not exist. */
    static List<JsonNode> auditLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lines.add(json.readTree(line));
        }
        return lines;
    }

    /** The printed restore statement, from lockdoctor's output. */
    static String restoreStatement(CliRun run) {
        return run.out().lines().filter(l -> l.startsWith("Restore:"))
                .map(l -> l.substring("Restore:".length()).strip())
                .findFirst().orElseThrow(() -> new AssertionError("no restore statement in: " + run.all()));
    }

    static void assertSameRow(Map<String, Object> actual, Map<String, Object> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (Map.Entry<String, Object> column : expected.entrySet()) {
            assertThat(Objects.toString(actual.get(column.getKey()), null))
                    .as("column " + column.getKey()).isEqualTo(Objects.toString(column.getValue(), null));
        }
    }

    static void close(DataSource dataSource) {
        try {
            ((AutoCloseable) dataSource).close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
