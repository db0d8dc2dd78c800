package io.lockdoctor.cli;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockdoctor.core.ClearOutcome;
import io.lockdoctor.core.ClearRequest;
import io.lockdoctor.core.ClearResult;
import io.lockdoctor.core.Confirmation;
import io.lockdoctor.fixtures.DatabaseFixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.SequenceInputStream;
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
import java.util.function.IntFunction;
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
    private final IntFunction<DataSource> testPools;
    private char identifierQuote = '"';
    private int serverWideWriteRetries;
    private DataSource setup;

    ClearDatabase(DatabaseFixture fixture, String schema, Path workingDirectory, Runnable awaitSessionsGone) {
        this(fixture, schema, workingDirectory, awaitSessionsGone, fixture::newDataSource);
    }

    /**
     * @param testPools the pools the test itself (and HAPI's migrator) uses to prepare and read the scene,
     *     by maximum size: on MariaDB those need {@code sql_mode=ANSI_QUOTES} for HAPI's DDL and the
     *     double-quoted SQL of the suites, while lockdoctor always connects through {@link DatabaseFixture#url()}
     */
    ClearDatabase(DatabaseFixture fixture, String schema, Path workingDirectory, Runnable awaitSessionsGone,
            IntFunction<DataSource> testPools) {
        this.fixture = fixture;
        this.schema = schema;
        this.workingDirectory = workingDirectory;
        this.awaitSessionsGone = awaitSessionsGone;
        this.testPools = testPools;
    }

    /** How lockdoctor quotes identifiers in the statements it prints on this database (MariaDB: a backtick). */
    ClearDatabase identifierQuote(char quote) {
        this.identifierQuote = quote;
        return this;
    }

    /** {@code identifier} quoted the way lockdoctor prints it on this database. */
    String quoted(String identifier) {
        return identifierQuote + identifier + identifierQuote;
    }

    /**
     * Where the write counters lockdoctor reads are server-wide (MariaDB without the performance
     * schema), a write by anything else on a shared server during the observe window makes the
     * verdict UNCERTAIN, by design. Then a run refused for that reason alone, before it changed
     * anything, is repeated (at most {@code retries} times) rather than failing the test for
     * another process's work; the verdict must still come out as the test expects.
     */
    ClearDatabase retryWhenOnlyServerWideWritesBlockedStale(int retries) {
        this.serverWideWriteRetries = retries;
        return this;
    }

    /** The reason an UNCERTAIN verdict gives when writes during the window are its only reason. */
    static final String ONLY_WRITES_REASON = "The write counters of this database's tables rose by ";

    /**
     * {@code clearer.clear(request, YES)}, repeated as {@link #retryWhenOnlyServerWideWritesBlockedStale}
     * allows when it was refused as UNCERTAIN only because the server-wide write counters moved.
     */
    ClearOutcome clear(Clearer clearer, ClearRequest request) {
        for (int attempt = 0; ; attempt++) {
            ClearOutcome outcome = clearer.clear(request, Confirmation.YES);
            boolean onlyWrites = outcome.result() == ClearResult.REFUSED_UNCERTAIN
                    && outcome.report() != null && outcome.report().reason().startsWith(ONLY_WRITES_REASON)
                    && !outcome.report().reason().contains("; also");
            if (!onlyWrites || attempt >= serverWideWriteRetries) {
                return outcome;
            }
            noteRetry(outcome.report().reason());
        }
    }

    private static boolean onlyServerWideWrites(CliRun run) {
        return run.exitCode() == ExitCodes.UNCERTAIN && run.out().lines().anyMatch(l ->
                l.startsWith("Verdict: UNCERTAIN. " + ONLY_WRITES_REASON) && !l.contains("; also"));
    }

    private static void noteRetry(String why) {
        System.err.println("[ClearDatabase] refused only for server-wide writes by another process, running again: "
                + why);
        ClearProofContract.sleep(300);
    }

    /** A new pool of the kind the test prepares the scene with (see the constructor), closed after the test. */
    DataSource testPool(int maxPoolSize) {
        return testPools.apply(maxPoolSize);
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
            setup = testPool(2);
        }
        return setup;
    }

    /** HAPI's real migrator on the setup pool. */
    HapiMigratorHarness hapi() {
        return fixture.hapiMigrator(setup(), HFJ_TABLE);
    }

    /** HAPI's real migrator on a pool of its own (a server starting while lockdoctor works). */
    HapiMigratorHarness hapiOnItsOwnPool() {
        return fixture.hapiMigrator(testPool(2), HFJ_TABLE);
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
        DataSource reader = testPool(1);
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

    /**
     * lockdoctor on a terminal whose operator types {@code answer}: stdout and stderr on one screen,
     * in the order they were written, as the operator sees them.
     */
    String screenAnswering(String answer, String... args) {
        CliContext context = new CliContext(operatorEnvironment(), new ByteArrayInputStream((answer + "\n").getBytes(StandardCharsets.UTF_8)),
                true, Clock.systemUTC(), workingDirectory);
        CommandLine cli = new LockDoctorCli(context).commandLine();
        StringWriter screen = new StringWriter();
        PrintWriter both = new PrintWriter(screen, true);
        cli.setOut(both);
        cli.setErr(both);
        int code = cli.execute(args);
        return screen + "exit " + code + "\n";
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
        return runWith(operatorEnvironment(), interactive, stdin, args);
    }

    /** The URL, the user and the password in lockdoctor's environment variables, as an operator would set them. */
    private Map<String, String> operatorEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("LOCKDOCTOR_URL", fixture.url());
        env.put("LOCKDOCTOR_USER", fixture.user());
        if (!fixture.password().isEmpty()) {
            env.put("LOCKDOCTOR_PASSWORD", fixture.password());
        }
        return env;
    }

    CliRun runWith(Map<String, String> env, boolean interactive, InputStream stdin, String... args) {
        RecordedInput typed = new RecordedInput(stdin);
        for (int attempt = 0; ; attempt++) {
            // A refusal may come after the prompt (the second look): a run again is asked again and
            // reads what the operator typed from the start.
            CliContext context = new CliContext(env, attempt == 0 ? typed : typed.replay(), interactive,
                    Clock.systemUTC(), workingDirectory);
            CommandLine cli = new LockDoctorCli(context).commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            CliRun run = new CliRun(code, out.toString(), err.toString());
            // Refused for writes only: nothing was written, whether before the prompt or after it.
            if (!onlyServerWideWrites(run) || attempt >= serverWideWriteRetries) {
                return run;
            }
            noteRetry(run.out().lines().filter(l -> l.startsWith("Verdict:")).findFirst().orElse(""));
        }
    }

    /** Stdin read as the operator types it (lazily: a test may act when it is read), and kept for a replay. */
    private static final class RecordedInput extends InputStream {
        private final InputStream source;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        RecordedInput(InputStream source) {
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            int c = source.read();
            if (c >= 0) {
                seen.write(c);
            }
            return c;
        }

        @Override
        public int read(byte[] into, int off, int len) throws IOException {
            int n = source.read(into, off, len);
            if (n > 0) {
                seen.write(into, off, n);
            }
            return n;
        }

        InputStream replay() {
            return new SequenceInputStream(new ByteArrayInputStream(seen.toByteArray()), this);
        }
    }

    /** The audit file's lines, parsed; empty when the file does not exist. */
    static List<JsonNode> auditLines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            JsonNode entry = json.readTree(line);
            JsonContract.assertConforms("clear-audit", entry);
            lines.add(entry);
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
