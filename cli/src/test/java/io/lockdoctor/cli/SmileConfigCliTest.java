package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockdoctor.fixtures.H2Fixture;
import io.lockdoctor.fixtures.HapiMigratorHarness;
import io.lockdoctor.fixtures.MariaDbFixture;
import io.lockdoctor.fixtures.PostgresDatabaseFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A Smile CDR installation whose modules live on different databases, inspected in one run. */
class SmileConfigCliTest {
    private static final String SECRET = "Sm1le-DB-S3cret";

    @RegisterExtension
    final PostgresDatabaseFixture postgres = new PostgresDatabaseFixture();

    @RegisterExtension
    final H2Fixture h2 = H2Fixture.onDisk();

    @RegisterExtension
    final MariaDbFixture mariadb = new MariaDbFixture();

    @TempDir
    Path installation;

    private Path config(String extra) throws Exception {
        Path classes = Files.createDirectories(installation.resolve("classes"));
        String text = """
                module.clustermgr.type=CLUSTER_MGR
                module.clustermgr.config.db.driver=POSTGRES_9_4
                module.clustermgr.config.db.url=%s
                module.clustermgr.config.db.username=%s
                module.clustermgr.config.db.password=#{env['CDR_DB_PASSWORD']}
                module.persistence.type=PERSISTENCE_R4
                module.persistence.config.db.driver=H2_EMBEDDED
                module.persistence.config.db.url=%s
                module.persistence.config.db.username=%s
                module.persistence.config.db.password=%s
                """.formatted(postgres.url(), postgres.user(), h2.url(), h2.user(), h2.password()) + extra;
        Files.writeString(classes.resolve("cdr-config-Master.properties"), text);
        return installation;
    }

    private static CliRun lockdoctor(String... args) {
        return CliRun.run(Map.of("CDR_DB_PASSWORD", SECRET), Path.of("."), args);
    }

    @Test
    void everyModuleDatabaseIsInspectedWithItsModuleId() throws Exception {
        postgres.hapiMigrator(HapiMigratorHarness.CDR_TABLE).createTable().leaveCrashedLock();
        h2.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        Path dir = config("module.audit.config.db.url=jdbc:postgresql://127.0.0.1:1/audit\n"
                + "module.audit.config.db.password=" + SECRET + "\n");

        CliRun run = lockdoctor("status", "--smile-config", dir.toString(), "--observe", "0s", "--timeout", "3s",
                "--format", "json", "--verbose");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.ERROR);
        JsonNode databases = new ObjectMapper().readTree(run.out()).get("databases");
        assertThat(databases).extracting(d -> d.get("module").asText()).containsExactly("audit", "clustermgr", "persistence");
        assertThat(databases.get(0).get("error").asText()).contains("could not connect");
        assertThat(databases.get(1).get("dialect").asText()).isEqualTo("postgresql");
        assertThat(databases.get(1).get("tables").get(0).get("lock").isNull()).isFalse();
        assertThat(databases.get(2).get("dialect").asText()).isEqualTo("h2");
        assertThat(databases.get(2).get("tables").get(1).get("verdict").asText()).isEqualTo("NO_LOCK");
        assertThat(run.err()).contains("node.propertysource is DATABASE");
        assertThat(run.all()).doesNotContain(SECRET);
    }

    @Test
    void postgresqlMariaDbAndH2ModulesInOneRun() throws Exception {
        postgres.hapiMigrator(HapiMigratorHarness.CDR_TABLE).createTable().leaveCrashedLock();
        h2.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        // HAPI writes through its ANSI_QUOTES pool; lockdoctor reads with the server's default sql_mode.
        String mariaLock = mariadb.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable().leaveCrashedLock();
        Path dir = config("module.audit.type=AUDIT_LOG_PERSISTENCE\n"
                + "module.audit.config.db.driver=MARIADB_10_1\n"
                + "module.audit.config.db.url=" + mariadb.url() + "\n"
                + "module.audit.config.db.username=" + mariadb.user() + "\n"
                + "module.audit.config.db.password=" + mariadb.password() + "\n"
                + "node.propertysource=PROPERTIES\n");

        CliRun run = lockdoctor("status", "--smile-config", dir.toString(), "--observe", "0s", "--format", "json");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.UNCERTAIN);
        JsonNode databases = new ObjectMapper().readTree(run.out()).get("databases");
        assertThat(databases).extracting(d -> d.get("module").asText() + "=" + d.get("dialect").asText())
                .containsExactly("audit=mariadb", "clustermgr=postgresql", "persistence=h2");
        JsonNode mariaHfj = databases.get(0).get("tables").get(1);
        assertThat(mariaHfj.get("lock").get("uuid").asText()).isEqualTo(mariaLock);
        assertThat(databases.get(1).get("tables").get(0).get("verdict").asText()).isEqualTo("UNCERTAIN");
        assertThat(databases.get(2).get("tables").get(1).get("verdict").asText()).isEqualTo("NO_LOCK");
        assertThat(run.all()).doesNotContain(SECRET);
    }

    @Test
    void oneModuleWithoutTheDownDatabase() throws Exception {
        postgres.hapiMigrator(HapiMigratorHarness.CDR_TABLE).createTable().leaveCrashedLock();
        Path dir = config("");

        CliRun run = lockdoctor("status", "--smile-config", dir.toString(), "--module", "clustermgr", "--observe", "0s");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.UNCERTAIN);
        assertThat(run.out()).startsWith("[clustermgr] ").doesNotContain("persistence");
        CliRun unknown = lockdoctor("status", "--smile-config", dir.toString(), "--module", "nope");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("lockdoctor: --module nope: ").contains("has no module with a database");
        assertThat(lockdoctor("status", "--smile-config", dir.toString(), "--url", "jdbc:h2:mem:x").exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aMissingVariableIsAUsageErrorNamingIt() throws Exception {
        Path dir = config("");

        CliRun run = CliRun.run(Map.of(), Path.of("."), "status", "--smile-config", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("CDR_DB_PASSWORD");
    }

    @Test
    void historyAndDoctorAcrossModules() throws Exception {
        postgres.hapiMigrator(HapiMigratorHarness.CDR_TABLE).createTable();
        h2.hapiMigrator(HapiMigratorHarness.HFJ_TABLE).createTable();
        Path dir = config("node.propertysource=PROPERTIES\n");

        CliRun history = lockdoctor("history", "--smile-config", dir.toString(), "--format", "json");
        assertThat(history.exitCode()).as(history.all()).isZero();
        JsonNode tables = new ObjectMapper().readTree(history.out()).get("tables");
        assertThat(tables).extracting(t -> t.get("module").asText() + "/" + t.get("table").asText())
                .containsExactly("clustermgr/FLY_CDR_MIGRATION", "persistence/FLY_HFJ_MIGRATION");
        assertThat(history.err()).doesNotContain("propertysource");

        CliRun doctor = lockdoctor("doctor", "--smile-config", dir.toString(), "--observe", "0s");
        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
        assertThat(doctor.out()).contains("[clustermgr]").contains("[persistence]").doesNotContain(SECRET);
    }
}
