package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.dao.MigrationQueryBuilder;
import io.lockdoctor.cli.demo.DemoInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void demoBuildsAStaleLockInspectsItAndExitsZero(@TempDir Path dir) throws Exception {
        CliRun run = CliRun.run(Map.of(), dir, "demo");

        assertThat(run.exitCode()).isZero();
        Matcher lock = Pattern.compile("LOCK: ([0-9a-f-]{36}), installed_on (\\d{4}-\\d{2}-\\d{2})").matcher(run.out());
        assertThat(lock.find()).as(run.out()).isTrue();
        String uuid = lock.group(1);
        assertThat(run.out()).contains("FLY_HFJ_MIGRATION in PUBLIC")
                .contains("export CLEAR_LOCK_TABLE_WITH_DESCRIPTION=" + uuid)
                .contains("Verdict: STALE").contains("SAME_LOCK").contains("(doctor exited 3");
        String log = Files.readString(dir.resolve("lockdoctor-demo/smile.log"));
        assertThat(log).contains("Migration Lock Row added. [uuid=" + uuid + "]")
                .contains("HAPI-2153: Unable to obtain table lock - another database migration may be running.  If no "
                        + "other database migration is running")
                .contains("FLY_HFJ_MIGRATION table with INSTALLED_RANK = -100 and DESCRIPTION = " + uuid);
    }

    @Test
    void demoRecreatesItsDatabase(@TempDir Path dir) {
        assertThat(CliRun.run(Map.of(), dir, "demo", "--dir", "d").exitCode()).isZero();
        CliRun again = CliRun.run(Map.of(), dir, "demo", "--dir", "d");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("8 migrations");
    }

    @Test
    void demoTablesUseHapisOwnDdl() {
        for (String table : new String[] {"FLY_HFJ_MIGRATION", "FLY_CDR_MIGRATION"}) {
            MigrationQueryBuilder hapi = new MigrationQueryBuilder(DriverTypeEnum.H2_EMBEDDED, table);
            assertThat(DemoInstallation.ddl(table))
                    .containsExactly(hapi.createTableStatement(), hapi.createIndexStatement());
        }
    }
}
