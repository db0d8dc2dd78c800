package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.dao.MigrationQueryBuilder;
import io.lockdoctor.cli.demo.DemoInstallation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /** A directory with an H2 database and a smile.log of the user's: the demo must not replace them. */
    @Test
    void refusesADirectoryHoldingAnythingItDidNotMake(@TempDir Path dir) throws Exception {
        Path theirs = Files.createDirectories(dir.resolve("smile"));
        Files.writeString(theirs.resolve("smile.log"), "their log\n");
        Files.write(theirs.resolve("cdr.mv.db"), new byte[] {1, 2, 3});
        Files.writeString(theirs.resolve("notes.txt"), "their notes\n");
        FileTime before = Files.getLastModifiedTime(theirs.resolve("cdr.mv.db"));

        CliRun run = CliRun.run(Map.of(), dir, "demo", "--dir", "smile");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(theirs.toString()).contains("already holds files the demo did not make")
                .contains("cdr.mv.db, notes.txt, smile.log").contains("another --dir");
        assertThat(Files.readString(theirs.resolve("smile.log"))).isEqualTo("their log\n");
        assertThat(Files.readAllBytes(theirs.resolve("cdr.mv.db"))).containsExactly(1, 2, 3);
        assertThat(Files.getLastModifiedTime(theirs.resolve("cdr.mv.db"))).isEqualTo(before);
        try (Stream<Path> entries = Files.list(theirs)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "smile.log", "cdr.mv.db", "notes.txt");
        }
    }

    @Test
    void refusesAFileAsItsDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("report.txt"), "keep me\n");

        CliRun run = CliRun.run(Map.of(), dir, "demo", "--dir", "report.txt");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("is not a directory");
        assertThat(Files.readString(dir.resolve("report.txt"))).isEqualTo("keep me\n");
    }

    @Test
    void usesAnEmptyDirectoryAndMarksIt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("empty"));

        CliRun run = CliRun.run(Map.of(), dir, "demo", "--dir", "empty");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(dir.resolve("empty/.lockdoctor-demo")).isRegularFile();
        assertThat(dir.resolve("empty/cdr.mv.db")).isRegularFile();
    }

    /** Run again in its own directory, the demo replaces its own files only, and never through a link. */
    @Test
    void aSecondRunLeavesWhatTheUserAddedAlone(@TempDir Path dir) throws Exception {
        assertThat(CliRun.run(Map.of(), dir, "demo", "--dir", "d").exitCode()).isZero();
        Path demo = dir.resolve("d");
        Files.writeString(demo.resolve("notes.txt"), "mine\n");
        Path elsewhere = Files.writeString(dir.resolve("real.log"), "their real log\n");
        Files.delete(demo.resolve("smile.log"));
        Files.createSymbolicLink(demo.resolve("smile.log"), elsewhere);

        CliRun again = CliRun.run(Map.of(), dir, "demo", "--dir", "d");

        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(Files.readString(demo.resolve("notes.txt"))).isEqualTo("mine\n");
        assertThat(Files.readString(elsewhere)).isEqualTo("their real log\n");
        assertThat(Files.isSymbolicLink(demo.resolve("smile.log"))).isFalse();
        assertThat(Files.readString(demo.resolve("smile.log"))).contains("HAPI-2153");
    }
}
