package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
    private static final String UUID_TEXT = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";

    @Test
    void lockFoundIsUncertainWithExitFiveAndShowsTableUuidAndDate() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            db.row("FLY_HFJ_MIGRATION", -1, null, "<< HAPI FHIR Schema History table created >>", "2025-01-02", true, null)
                    .row("FLY_HFJ_MIGRATION", 1, "8.6.1.20250101.1", "Add index", "2025-01-02", true, "APPLIED")
                    .row("FLY_HFJ_MIGRATION", -100, null, UUID_TEXT.toUpperCase(), "2025-01-03", true, null);

            CliRun run = CliRun.run("status", "--url", db.url, "--user", "sa", "--observe", "0s");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.UNCERTAIN);
            assertThat(run.out()).contains("FLY_HFJ_MIGRATION in PUBLIC: 1 migrations, latest 8.6.1.20250101.1")
                    .contains("LOCK: " + UUID_TEXT + ", installed_on 2025-01-03 by V8_6_1")
                    .contains("Verdict: UNCERTAIN. No observe window was run (--observe 0s)")
                    .contains("run again with --observe 10s or longer")
                    .contains("FLY_CDR_MIGRATION: not found");
        }
    }

    @Test
    void jsonCarriesTheContractFields() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION").hapiTable("FLY_CDR_MIGRATION")) {
            db.row("FLY_HFJ_MIGRATION", 1, "8.6.1.20250101.1", "Add index", "2025-01-02", true, "APPLIED")
                    .row("FLY_HFJ_MIGRATION", 2, "8.6.1.20250101.2", "Add column", "2025-01-02", false, null)
                    .row("FLY_HFJ_MIGRATION", -100, null, UUID_TEXT, "2025-01-03", true, null);

            CliRun run = CliRun.run("status", "--url", db.url, "--user", "sa", "--format", "json",
                    "--writer-zone", "UTC", "--observe", "0s");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.UNCERTAIN);
            JsonNode doc = new ObjectMapper().readTree(run.out());
            assertThat(doc.get("verdict").asText()).isEqualTo("UNCERTAIN");
            JsonNode database = doc.get("databases").get(0);
            assertThat(database.get("module").isNull()).isTrue();
            assertThat(database.get("error").isNull()).isTrue();
            assertThat(database.get("dialect").asText()).isEqualTo("h2");
            assertThat(database.get("schemasSearched").get(0).asText()).isEqualTo("PUBLIC");
            JsonNode cdr = database.get("tables").get(0);
            assertThat(cdr.get("table").asText()).isEqualTo("FLY_CDR_MIGRATION");
            assertThat(cdr.get("exists").asBoolean()).isTrue();
            assertThat(cdr.get("lock").isNull()).isTrue();
            assertThat(cdr.get("verdict").asText()).isEqualTo("NO_LOCK");
            JsonNode hfj = database.get("tables").get(1);
            assertThat(hfj.get("schema").asText()).isEqualTo("PUBLIC");
            assertThat(hfj.get("migrations").asLong()).isEqualTo(2);
            assertThat(hfj.get("latestVersion").asText()).isEqualTo("8.6.1.20250101.1");
            JsonNode failed = hfj.get("failedMigrations").get(0);
            assertThat(failed.get("installedRank").asInt()).isEqualTo(2);
            assertThat(failed.get("version").asText()).isEqualTo("8.6.1.20250101.2");
            assertThat(failed.get("description").asText()).isEqualTo("Add column");
            assertThat(failed.get("installedOn").asText()).isEqualTo("2025-01-02");
            JsonNode lock = hfj.get("lock");
            assertThat(lock.get("uuid").asText()).isEqualTo(UUID_TEXT);
            assertThat(lock.get("installedOn").asText()).isEqualTo("2025-01-03");
            assertThat(lock.get("installedBy").asText()).isEqualTo("V8_6_1");
            assertThat(lock.get("ageSource").asText()).isEqualTo("INSTALLED_ON_DAY_WRITER_ZONE");
            assertThat(lock.get("ageAtLeastSeconds").asLong()).isPositive();
            assertThat(hfj.get("verdict").asText()).isEqualTo("UNCERTAIN");
            assertThat(hfj.get("reason").asText()).isNotBlank();
            assertThat(hfj.get("evidence")).extracting(e -> e.get("kind").asText())
                    .contains("LOCK_ROW", "LOCK_AGE", "OBSERVE_WINDOW", "SESSIONS_OBSERVABLE");
            assertThat(hfj.get("sessions")).isEmpty();
            assertThat(hfj.get("settleBy")).isNotEmpty();
            assertThat(hfj.get("evidence").get(0).has("observed")).isTrue();
            assertThat(hfj.get("evidence").get(0).has("detail")).isTrue();
        }
    }

    @Test
    void anOldLockNobodyTouchesIsStaleAfterTheWindow() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            db.row("FLY_HFJ_MIGRATION", -100, null, UUID_TEXT, "2025-01-03", true, null);

            CliRun run = CliRun.run("status", "--url", db.url, "--user", "sa", "--observe", "1s");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.STALE);
            assertThat(run.out()).contains("Verdict: STALE").contains("SESSIONS_OBSERVABLE: yes")
                    .contains("a probe session");
        }
    }

    @Test
    void aLockDatedTodayIsUncertainUntilOldEnough() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            db.execute("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, '" + UUID_TEXT
                    + "', 'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', CURRENT_DATE, 0, TRUE, NULL)");

            CliRun young = CliRun.run("status", "--url", db.url, "--user", "sa", "--observe", "1s");
            assertThat(young.exitCode()).as(young.all()).isEqualTo(ExitCodes.UNCERTAIN);
            assertThat(young.out()).contains("less than --min-age 10m").contains("--log")
                    .contains("--min-age 0s if you know");

            CliRun told = CliRun.run("status", "--url", db.url, "--user", "sa", "--observe", "1s", "--min-age", "0s");
            assertThat(told.exitCode()).as(told.all()).isEqualTo(ExitCodes.STALE);
        }
    }

    @Test
    void noTablesInAnySchemaExitsSixListingTheSchemasSearched() throws Exception {
        try (H2Database db = new H2Database().execute("CREATE SCHEMA OTHER", "CREATE TABLE OTHER.T (X INT)")) {
            CliRun run = CliRun.run("status", "--url", db.url, "--user", "sa");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.NOTHING_FOUND);
            assertThat(run.out()).contains("Schemas searched: OTHER, PUBLIC").contains("Neither table exists");
        }
    }

    @Test
    void noLockExitsZero() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_CDR_MIGRATION")) {
            db.row("FLY_CDR_MIGRATION", 1, "2025.02.1.20250110.1", "Add column", "2025-01-02", true, "APPLIED");

            CliRun run = CliRun.run("status", "--url", db.url, "--user", "sa", "--table", "fly_cdr_migration");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).contains("lock: none").doesNotContain("FLY_HFJ_MIGRATION");
        }
    }

    @Test
    void unreachableServerIsAnErrorWithinTheTimeoutAndNoStackTrace() {
        long start = System.nanoTime();
        CliRun run = CliRun.run("status", "--url", "jdbc:postgresql://127.0.0.1:1/test", "--timeout", "3s");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("could not connect to jdbc:postgresql://127.0.0.1:1/test")
                .contains("Check that the server is running").doesNotContain("\tat ");
        assertThat(millis).as("bounded by --timeout plus the connect margin").isLessThan(3_000 + 1_000 + 2_000);
    }

    @Test
    void aListenerThatAcceptsButNeverAnswersIsGivenUpOnWithinTheTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            for (String url : new String[] {"jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test",
                "jdbc:h2:tcp://127.0.0.1:" + silent.getLocalPort() + "/test"}) {
                long start = System.nanoTime();
                CliRun run = CliRun.run("status", "--url", url, "--timeout", "2s");
                long millis = (System.nanoTime() - start) / 1_000_000;

                assertThat(run.exitCode()).as(url).isEqualTo(ExitCodes.ERROR);
                assertThat(run.out()).as(url).contains("could not connect to " + url);
                assertThat(millis).as(url + ": --timeout 2s + the 1 s connect margin + slack").isLessThan(2_000 + 1_000 + 2_000);
            }
        }
    }

    @Test
    void wrongPasswordSaysWhatToCheckAndNeverPrintsThePassword(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("pw");
        try (var c = java.sql.DriverManager.getConnection(url, "sa", "right-one")) {
            c.createStatement().execute("CREATE TABLE T (X INT)");
        }
        Path passwordFile = Files.writeString(dir.resolve("pw.txt"), "Wr0ng-S3cret\n");

        CliRun run = CliRun.run("status", "--url", url, "--user", "sa", "--password-file", passwordFile.toString(),
                "--verbose");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("Check --user and the password");
        assertThat(run.all()).doesNotContain("Wr0ng-S3cret");
    }

    @Test
    void passwordInUrlAndEnvironmentIsMaskedEverywhere() {
        CliRun run = CliRun.run(Map.of("LOCKDOCTOR_PASSWORD", "Env-S3cret"), Path.of("."),
                "status", "--url", "jdbc:postgresql://127.0.0.1:1/test?user=x&password=Url-S3cret", "--format", "json",
                "--timeout", "2s", "--verbose");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.all()).doesNotContain("Url-S3cret").doesNotContain("Env-S3cret").contains("password=****");
    }

    @Test
    void environmentSuppliesTheConnection() throws Exception {
        try (H2Database db = new H2Database().hapiTable("FLY_HFJ_MIGRATION")) {
            CliRun run = CliRun.run(Map.of("LOCKDOCTOR_URL", db.url, "LOCKDOCTOR_USER", "sa"), Path.of("."), "status");

            assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(run.out()).contains("FLY_HFJ_MIGRATION in PUBLIC: 0 migrations");
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(CliRun.run("status").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("status").err()).contains("pass --url JDBC_URL or set LOCKDOCTOR_URL");
        assertThat(CliRun.run("status", "--url", "jdbc:h2:mem:x", "--table", "HFJ_RESOURCE").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("status", "--url", "jdbc:h2:mem:x", "--timeout", "soon").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("status", "--url", "jdbc:h2:mem:x", "--password-env", "NOPE_NOT_SET").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("status", "--url", "jdbc:h2:mem:x", "--password", "x").exitCode())
                .as("no password flag exists").isEqualTo(ExitCodes.USAGE);
        assertThat(CliRun.run("nonsense").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void unknownUrlPrefixIsAnErrorNamingTheSupportedDatabases() {
        CliRun run = CliRun.run("status", "--url", "jdbc:db2://127.0.0.1:50000/x");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).contains("no JDBC driver in lockdoctor accepts the URL").contains("PostgreSQL, H2");
    }

    @Test
    void shellCompletionScript() {
        CliRun run = CliRun.run("generate-completion");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("complete").contains("lockdoctor").contains("--smile-config");
    }

    @Test
    void versionAndHelp() {
        assertThat(CliRun.run("--version").out()).startsWith("lockdoctor ");
        CliRun help = CliRun.run("status", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--password-env").contains("Exit codes");
    }
}
