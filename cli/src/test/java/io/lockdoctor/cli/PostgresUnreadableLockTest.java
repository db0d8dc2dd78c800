package io.lockdoctor.cli;

import static io.lockdoctor.fixtures.HapiMigratorHarness.HFJ_TABLE;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.ClearAudit;
import io.lockdoctor.core.ClearOutcome;
import io.lockdoctor.core.ClearRequest;
import io.lockdoctor.core.ClearResult;
import io.lockdoctor.core.Confirmation;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LockDoctor;
import io.lockdoctor.core.LogFacts;
import io.lockdoctor.core.ObserveOptions;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.spi.SessionSettings;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever could not be read is an error or a doubt, never "gone": on the real PostgreSQL server,
 * every command and the library, with the history table held by another session, a column
 * missing, a privilege missing, two lock rows, and the table in two schemas.
 */
class PostgresUnreadableLockTest {
    @RegisterExtension
    final PostgresDatabaseFixture pg = new PostgresDatabaseFixture();

    @TempDir
    Path work;

    private final List<String> roles = new ArrayList<>();

    @AfterEach
    void dropRoles() {
        for (String role : roles) {
            ClearDatabase.execute(pg.dataSource(), "DROP OWNED BY " + role);
            ClearDatabase.execute(pg.adminDataSource(), "DROP ROLE IF EXISTS " + role);
        }
    }

    private CliRun lockdoctor(Map<String, String> env, String... args) {
        return CliRun.run(env, work, args);
    }

    private CliRun lockdoctor(String... args) {
        return lockdoctor(Map.of("LOCKDOCTOR_URL", pg.url(), "LOCKDOCTOR_USER", pg.user()), args);
    }

    private String[] clear(String uuid, String... extra) {
        List<String> args = new ArrayList<>(List.of("clear", "--table", HFJ_TABLE, "--uuid", uuid, "--observe", "1s",
                "--min-age", "0s", "--timeout", "2s", "--audit-file", work.resolve("audit.log").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private Path logNaming(String uuid) throws Exception {
        return java.nio.file.Files.writeString(work.resolve("smile.log"), "2026-11-27T10:00:00.000Z [main] ERROR "
                + "ca.cdr.App HAPI-2153: Unable to obtain table lock - another database migration may be running.  If "
                + "no other database migration is running, then the previous migration did not shut down properly and "
                + "the lock record needs to be deleted manually.  The lock record is located in the " + HFJ_TABLE
                + " table with INSTALLED_RANK = -100 and DESCRIPTION = " + uuid + "\n");
    }

    private static void assertNeverGone(CliRun run) {
        assertThat(run.exitCode()).as(run.all()).isNotIn(ExitCodes.OK, ExitCodes.NOTHING_FOUND);
        assertThat(run.all()).doesNotContain("NOT_FOUND").doesNotContain("ALREADY_GONE").doesNotContain("is gone and no other")
                .doesNotContain("is gone, but").doesNotContain("is gone from")
                .doesNotContain("start the server");
    }

    @Test
    void aHistoryTableHeldInAccessExclusiveIsActiveInEveryCommandNeverGone() throws Exception {
        HapiMigratorHarness hapi = pg.hapiMigrator(HFJ_TABLE).createTable();
        String uuid = hapi.leaveCrashedLock();
        Path log = logNaming(uuid);
        try (Connection holder = pg.dataSource().getConnection(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE \"FLY_HFJ_MIGRATION\" IN ACCESS EXCLUSIVE MODE");

            CliRun clear = lockdoctor(clear(uuid, "--yes"));
            CliRun export = lockdoctor("export", "--uuid", uuid, "--timeout", "2s", "--observe", "1s");
            CliRun exportAny = lockdoctor("export", "--timeout", "2s", "--observe", "1s");
            CliRun doctor = lockdoctor("doctor", "--timeout", "2s", "--observe", "1s", "--log", log.toString());
            CliRun status = lockdoctor("status", "--timeout", "2s", "--observe", "1s");
            holder.rollback();

            assertThat(status.exitCode()).as(status.all()).isEqualTo(ExitCodes.ACTIVE);
            for (CliRun run : List.of(clear, export, exportAny, doctor)) {
                assertNeverGone(run);
                assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ACTIVE);
            }
            assertThat(clear.out()).contains("REFUSED_ACTIVE: Refused: FLY_HFJ_MIGRATION in public could not be read")
                    .contains("whether it holds the lock " + uuid + " is unknown")
                    .contains("locked by session").contains("Nothing was deleted");
            assertThat(export.out()).isEmpty();
            assertThat(export.err()).contains("refused: FLY_HFJ_MIGRATION in public could not be read");
            assertThat(doctor.out()).contains("UNREADABLE: FLY_HFJ_MIGRATION in public could not be read, so whether "
                    + "it still holds " + uuid + " is unknown")
                    .contains("Next steps:").contains("1. Wait for the migration on FLY_HFJ_MIGRATION to finish");
        }
        assertThat(hapi.lockDescription()).contains(uuid);
        assertThat(work.resolve("audit.log")).doesNotExist();
    }

    @Test
    void theLibraryNeverTakesALockedTableForNoLock() throws Exception {
        HapiMigratorHarness hapi = pg.hapiMigrator(HFJ_TABLE).createTable();
        String uuid = hapi.leaveCrashedLock();
        LockDoctor doctor = LockDoctor.builder(pg.dataSource()).settings(SessionSettings.withTimeout(Duration.ofSeconds(2)))
                .build();
        InspectionOptions options = new InspectionOptions(Optional.empty(), Set.of(KnownTable.FLY_HFJ_MIGRATION),
                Optional.empty(), new ObserveOptions(Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(5)),
                LogFacts.NONE);
        try (Connection holder = pg.dataSource().getConnection(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE \"FLY_HFJ_MIGRATION\" IN ACCESS EXCLUSIVE MODE");

            TableReport report = doctor.status(options).tables().get(0);
            ClearOutcome outcome = doctor.clear(new ClearRequest(KnownTable.FLY_HFJ_MIGRATION, uuid, false, false, options),
                    new ClearAudit(work.resolve("audit.log"), "test", "host", pg.url()), Clock.systemUTC(), Confirmation.YES);
            holder.rollback();

            assertThat(report.lock()).isNull();
            assertThat(report.lockKnown()).as("a lock that could not be read is unknown, not absent").isFalse();
            assertThat(report.verdict()).isEqualTo(Verdict.ACTIVE);
            assertThat(outcome.result()).as(outcome.message()).isEqualTo(ClearResult.REFUSED_ACTIVE);
        }
        assertThat(hapi.lockDescription()).contains(uuid);
    }

    @Test
    void aHistoryTableMissingAColumnIsAnErrorInEveryCommand() throws Exception {
        HapiMigratorHarness hapi = pg.hapiMigrator(HFJ_TABLE).createTable();
        String uuid = hapi.leaveCrashedLock();
        pg.execute("ALTER TABLE \"FLY_HFJ_MIGRATION\" DROP COLUMN \"script\"");
        Path log = logNaming(uuid);

        CliRun clear = lockdoctor(clear(uuid, "--yes"));
        CliRun export = lockdoctor("export", "--timeout", "2s", "--observe", "1s");
        CliRun exportUuid = lockdoctor("export", "--uuid", uuid, "--table", HFJ_TABLE, "--observe", "1s");
        CliRun doctor = lockdoctor("doctor", "--observe", "1s", "--log", log.toString());

        for (CliRun run : List.of(clear, export, exportUuid, doctor)) {
            assertNeverGone(run);
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.all()).contains("lacks the column(s) script");
        }
        assertThat(clear.out()).contains("UNREADABLE: FLY_HFJ_MIGRATION in public could not be read");
        assertThat(doctor.out()).contains("UNREADABLE: FLY_HFJ_MIGRATION in public could not be read")
                .contains("1. Fix what kept FLY_HFJ_MIGRATION in public from being read");
        assertThat(PostgresSessions.single(pg.dataSource(), "SELECT \"description\" FROM \"FLY_HFJ_MIGRATION\" WHERE "
                + "\"installed_rank\" = -100")).isEqualTo(uuid);
    }

    @Test
    void anAccountThatMayNotReadTheTableGetsAnErrorNeverNothingFound() throws Exception {
        HapiMigratorHarness hapi = pg.hapiMigrator(HFJ_TABLE).createTable();
        String uuid = hapi.leaveCrashedLock();
        String role = "ld_noread_" + pg.database().substring(3);
        pg.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'reader'", "GRANT pg_read_all_stats TO " + role,
                "GRANT USAGE ON SCHEMA public TO " + role);
        roles.add(role);
        Map<String, String> env = Map.of("LOCKDOCTOR_URL", pg.url(), "LOCKDOCTOR_USER", role,
                "LOCKDOCTOR_PASSWORD", "reader");

        CliRun clear = lockdoctor(env, clear(uuid, "--yes"));
        CliRun export = lockdoctor(env, "export", "--uuid", uuid, "--observe", "1s");
        CliRun doctor = lockdoctor(env, "doctor", "--observe", "1s", "--log", logNaming(uuid).toString());

        for (CliRun run : List.of(clear, export, doctor)) {
            assertNeverGone(run);
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.all()).contains("permission denied");
        }
        assertThat(hapi.lockDescription()).contains(uuid);
    }

    @Test
    void twoLockRowsAreADoubtForEitherNeverAGoneLock() throws Exception {
        HapiMigratorHarness hapi = pg.hapiMigrator(HFJ_TABLE).createTable();
        pg.execute("DROP INDEX FLY_HFJ_MIGRATION_PK_INDEX");
        String first = hapi.leaveCrashedLock();
        String second = hapi.leaveCrashedLock();
        pg.closeOpenPools();

        for (String uuid : List.of(first, second)) {
            CliRun clear = lockdoctor(clear(uuid, "--yes"));
            CliRun export = lockdoctor("export", "--uuid", uuid, "--observe", "1s", "--min-age", "0s");

            for (CliRun run : List.of(clear, export)) {
                assertNeverGone(run);
                assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.UNCERTAIN);
                assertThat(run.all()).contains("holds 2 lock rows").contains(first).contains(second);
            }
            assertThat(export.out()).isEmpty();
            assertThat(export.err()).contains("HAPI-2152");
            assertThat(clear.out()).contains("REFUSED_UNCERTAIN");
        }
        assertThat(lockRows()).containsExactlyInAnyOrder(first, second);
        pg.closeOpenPools();

        CliRun forced = lockdoctor(clear(second, "--yes", "--force"));

        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(forced.out()).contains("DELETED: Deleted the lock " + second + " from FLY_HFJ_MIGRATION (forced)");
        assertThat(lockRows()).containsExactly(first);
        assertThat(ClearDatabase.auditLines(work.resolve("audit.log")))
                .allSatisfy(line -> assertThat(line.get("forced").asBoolean()).isTrue());
    }

    private List<String> lockRows() {
        return hapi().rows().stream().filter(r -> java.util.Objects.equals(r.getPid(), HapiMigratorHarness.LOCK_RANK))
                .map(r -> r.getDescription()).toList();
    }

    private HapiMigratorHarness hapi() {
        return pg.hapiMigrator(HFJ_TABLE);
    }

    @Test
    void exportAndClearAskForSchemaWhenTheTableIsInTwoSchemas() throws Exception {
        String uuid = pg.hapiMigrator(HFJ_TABLE).createTable().leaveCrashedLock();
        pg.execute("CREATE SCHEMA other");
        pg.hapiMigrator(pg.dataSourceInSchema("other"), HFJ_TABLE).createTable();
        pg.closeOpenPools();

        CliRun export = lockdoctor("export", "--table", HFJ_TABLE, "--observe", "1s");
        CliRun exportUuid = lockdoctor("export", "--uuid", uuid, "--observe", "1s");
        CliRun clear = lockdoctor(clear(uuid, "--yes"));

        for (CliRun run : List.of(export, exportUuid, clear)) {
            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).contains("FLY_HFJ_MIGRATION exists in several schemas").contains("other")
                    .contains("public").contains("give --schema");
            assertThat(run.out()).isEmpty();
        }

        CliRun chosen = lockdoctor("export", "--table", HFJ_TABLE, "--schema", "public", "--observe", "1s",
                "--min-age", "0s");
        assertThat(chosen.exitCode()).as(chosen.all()).isZero();
        assertThat(chosen.out()).contains(uuid);
    }
}
