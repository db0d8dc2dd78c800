package io.lockdoctor.cli;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --show-sql}: every statement lockdoctor sends, with its duration, on stderr; never a secret. */
class ShowSqlTest {
    private static final String PASSWORD = "sh0w-sql-s3cret";

    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();

    @TempDir
    Path work;

    private CliRun lockdoctor(String... args) {
        // The server trusts local connections: any password is accepted, and none may be printed.
        return CliRun.run(Map.of("LOCKDOCTOR_URL", pg.url(), "LOCKDOCTOR_USER", pg.user(), "LOCKDOCTOR_PASSWORD",
                PASSWORD), work, args);
    }

    private static List<String> sqlLines(CliRun run) {
        return run.err().lines().filter(l -> l.startsWith("lockdoctor: sql ")).toList();
    }

    @Test
    void statusShowsEveryStatementWithItsDurationOnStderrOnly() {
        pg.hapiMigrator(HFJ_TABLE).createTable().leaveCrashedLock();

        CliRun plain = lockdoctor("status", "--observe", "1s", "--min-age", "0s");
        CliRun shown = lockdoctor("status", "--observe", "1s", "--min-age", "0s", "--show-sql");

        assertThat(shown.exitCode()).as(shown.all()).isEqualTo(plain.exitCode());
        assertThat(sqlLines(plain)).isEmpty();
        assertThat(shown.out()).doesNotContain("lockdoctor: sql");
        List<String> sql = sqlLines(shown);
        assertThat(sql).allMatch(l -> l.matches("lockdoctor: sql \\d+\\.\\d ms: .+"), "a duration on every line")
                .anyMatch(l -> l.contains("-- catalog: DatabaseMetaData.getTables(null, null, 'FLY\\_%\\_MIGRATION'"))
                .anyMatch(l -> l.contains("-- catalog: DatabaseMetaData.getColumns("))
                .anyMatch(l -> l.contains("SELECT COUNT(*) FROM \"public\".\"FLY_HFJ_MIGRATION\""))
                .anyMatch(l -> l.contains("pg_stat_activity"))
                .noneMatch(l -> l.contains("\\u000a"))
                .anyMatch(l -> l.contains("-- bound: ") && l.contains("-100"));
        assertThat(shown.all()).doesNotContain(PASSWORD);
    }

    @Test
    void clearShowsItsTransactionStatementByStatement() throws Exception {
        String uuid;
        // Through a pool closed before lockdoctor looks: an idle connection left open would be a
        // connected client, which rules STALE out.
        try (com.zaxxer.hikari.HikariDataSource scene = pg.newFixedPool(1, config -> { })) {
            uuid = pg.hapiMigrator(scene, HFJ_TABLE).createTable().leaveCrashedLock();
        }
        Thread.sleep(300);

        CliRun run = lockdoctor("clear", "--table", HFJ_TABLE, "--uuid", uuid, "--yes", "--observe", "1s",
                "--min-age", "0s", "--show-sql", "--audit-file", work.resolve("audit.log").toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        List<String> sql = sqlLines(run);
        int begin = indexOf(sql, "-- transaction: BEGIN");
        int forUpdate = indexOf(sql, "FOR UPDATE");
        int delete = indexOf(sql, "DELETE FROM \"public\".\"FLY_HFJ_MIGRATION\"");
        int commit = indexOf(sql, "-- transaction: COMMIT");
        assertThat(List.of(begin, forUpdate, delete, commit)).as(String.join("\n", sql)).doesNotContain(-1).isSorted();
        assertThat(sql.get(delete)).contains(uuid);
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void everyCommandThatConnectsOffersIt() {
        CommandLine cli = new LockDoctorCli(CliContext.system()).commandLine();
        List<String> connecting = cli.getSubcommands().values().stream()
                .filter(c -> c.getCommandSpec().findOption("--url") != null)
                .map(CommandLine::getCommandName).toList();

        assertThat(connecting).contains("status", "history", "doctor", "export", "clear");
        for (String name : connecting) {
            CommandLine command = cli.getSubcommands().get(name);
            assertThat(command.getCommandSpec().findOption("--show-sql")).as(name).isNotNull();
            assertThat(command.getUsageMessage()).as(name).contains("--show-sql");
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
