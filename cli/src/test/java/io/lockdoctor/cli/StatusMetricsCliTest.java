package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.fixtures.H2Fixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code status --format openmetrics}: real outputs that Prometheus' promtool accepts, written atomically. */
class StatusMetricsCliTest {
    private static final String OLD_LOCK = "0eff6e07-1c2b-4d3a-8e9f-0a1b2c3d4e5f";
    private static final String SECRET = "Metr1cs-S3cret";

    @RegisterExtension
    final PostgresDatabaseFixture postgres = new PostgresDatabaseFixture();

    @RegisterExtension
    final H2Fixture h2 = H2Fixture.onDisk();

    @TempDir
    Path work;

    @Test
    void aStaleLockIsPresentAgedAndStaleAndPromtoolAcceptsIt() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION").hapiTable("FLY_CDR_MIGRATION")) {
            db.row("FLY_HFJ_MIGRATION", 1, "8.6.1.20250101.1", "Add index", "2025-01-02", true, "APPLIED")
                    .row("FLY_HFJ_MIGRATION", 2, "8.6.1.20250101.2", "Add column", "2025-01-02", false, null)
                    .row("FLY_HFJ_MIGRATION", -100, null, OLD_LOCK, "2025-01-03", true, null);

            // The test's own H2 connection keeps the database alive: excluded as the operator's assumption.
            CliRun run = CliRun.run("status", "--url", db.url, "--user", "sa", "--format", "openmetrics",
                    "--observe", "1s", "--min-age", "0s", "--exclude-client", "user=SA");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.STALE);
            String url = db.url.substring(0, db.url.indexOf(';')); // as shown: without H2's settings
            String hfj = "module=\"\",schema=\"PUBLIC\",table=\"FLY_HFJ_MIGRATION\",url=\"" + url + "\"";
            assertThat(run.out())
                    .contains("lockdoctor_lock_present{" + hfj + "} 1.0")
                    .contains("lockdoctor_verdict{" + hfj + ",lockdoctor_verdict=\"STALE\"} 1")
                    .contains("lockdoctor_verdict{" + hfj + ",lockdoctor_verdict=\"ACTIVE\"} 0")
                    .contains("lockdoctor_failed_migrations{" + hfj + "} 1.0")
                    .contains("lockdoctor_migrations{" + hfj + "} 2.0")
                    .contains("lockdoctor_latest_version_info{" + hfj + ",version=\"8.6.1.20250101.1\"} 1")
                    .contains("lockdoctor_inspection_error{module=\"\",url=\"" + url + "\"} 0.0")
                    .contains("lockdoctor_lock_present{" + hfj.replace("HFJ", "CDR") + "} 0.0");
            assertThat(sample(run.out(), "lockdoctor_lock_age_at_least_seconds{" + hfj + "}"))
                    .as("a lock dated 2025-01-03 is older than 600 days").isGreaterThan(600 * 86400.0);
            assertThat(sample(run.out(), "lockdoctor_inspection_duration_seconds")).isBetween(1.0, 60.0);
            assertPromtoolAccepts(run.out());
        }
    }

    @Test
    void severalDatabasesAnErrorAndNoSecretGoAtomicallyToTheOutputFile() throws Exception {
        postgres.hapiMigrator(HapiMigratorHarness.CDR_TABLE).createTable().leaveCrashedLock();
        h2.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        Path classes = Files.createDirectories(work.resolve("cdr/classes"));
        Files.writeString(classes.resolve("cdr-config-Master.properties"), """
                module.clustermgr.config.db.driver=POSTGRES_9_4
                module.clustermgr.config.db.url=%s
                module.clustermgr.config.db.username=%s
                module.clustermgr.config.db.password=#{env['CDR_DB_PASSWORD']}
                module.persistence.config.db.driver=H2_EMBEDDED
                module.persistence.config.db.url=%s
                module.persistence.config.db.username=%s
                module.persistence.config.db.password=%s
                module.audit.config.db.driver=POSTGRES_9_4
                module.audit.config.db.url=jdbc:postgresql://127.0.0.1:1/audit?password=%s
                """.formatted(postgres.url(), postgres.user(), h2.url(), h2.user(), h2.password(), SECRET));
        Path textfiles = Files.createDirectories(work.resolve("textfile"));
        Path prom = textfiles.resolve("lockdoctor.prom");
        Files.writeString(prom, "old content\n");

        CliRun run = CliRun.run(Map.of("CDR_DB_PASSWORD", SECRET), work, "status", "--smile-config",
                work.resolve("cdr").toString(), "--observe", "0s", "--timeout", "3s", "--format", "openmetrics",
                "--output", "textfile/lockdoctor.prom");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).as("the report went to the file").isEmpty();
        String metrics = Files.readString(prom);
        assertThat(metrics).doesNotContain(SECRET).doesNotContain("old content")
                .contains("lockdoctor_inspection_error{module=\"audit\",url=\"jdbc:postgresql://127.0.0.1:1/audit?password=****\"} 1.0")
                .contains("lockdoctor_inspection_error{module=\"clustermgr\",url=\"" + postgres.url() + "\"} 0.0")
                .containsPattern("lockdoctor_lock_present\\{module=\"clustermgr\",[^}]*table=\"FLY_CDR_MIGRATION\"[^}]*} 1.0")
                .containsPattern("lockdoctor_verdict\\{module=\"clustermgr\",[^}]*lockdoctor_verdict=\"UNCERTAIN\"} 1")
                .containsPattern("lockdoctor_lock_present\\{module=\"persistence\",[^}]*table=\"FLY_HFJ_MIGRATION\"[^}]*} 0.0");
        assertPromtoolAccepts(metrics);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(prom)))
                .as("the textfile collector may run as another user").isEqualTo("rw-r--r--");
        try (Stream<Path> files = Files.list(textfiles)) {
            assertThat(files).as("no temporary file left").containsExactly(prom);
        }
    }

    @Test
    void anOutputFileThatCannotBeWrittenIsAnError() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            CliRun run = CliRun.run("status", "--url", db.url, "--user", "sa", "--observe", "0s",
                    "--format", "openmetrics", "--output", work.resolve("missing/dir/lockdoctor.prom").toString());

            assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
            assertThat(run.err()).contains("cannot write").contains("lockdoctor.prom");
        }
    }

    static void assertPromtoolAccepts(String exposition) throws Exception {
        Promtool check = Promtool.checkMetrics(exposition);
        assertThat(check.exitCode()).as(check.output() + "\n" + exposition).isZero();
        assertThat(check.output()).as("no lint complaint").isBlank();
    }

    private static double sample(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        assertThat(m.find()).as(series + " in\n" + exposition).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
