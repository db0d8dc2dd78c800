package io.lockdoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command, successful or failing, with --verbose: a known password appears in no output and no file. */
class SecretsNeverPrintedTest {
    private static final String SECRET = "Kn0wn-S3cret-p4ss";
    private static final String LOCK = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";

    @TempDir
    Path dir;

    @Test
    void noCommandPrintsThePassword() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("cdr");
        try (Connection c = DriverManager.getConnection(url, "sa", SECRET); Statement s = c.createStatement()) {
            for (String sql : io.lockdoctor.cli.demo.DemoInstallation.ddl("FLY_HFJ_MIGRATION")) {
                s.execute(sql);
            }
            s.execute("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, '" + LOCK
                    + "', 'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', DATE '2025-01-01', 0, TRUE, NULL)");
        }
        Path passwordFile = Files.writeString(dir.resolve("pw"), SECRET + "\n");
        Path log = Files.writeString(dir.resolve("smile.log"), "HAPI-2153: Unable to obtain table lock - another "
                + "database migration may be running.  The lock record is located in the FLY_HFJ_MIGRATION table with "
                + "INSTALLED_RANK = -100 and DESCRIPTION = " + LOCK + "\n");
        Path config = Files.writeString(dir.resolve("cdr-config-Master.properties"),
                "module.persistence.config.db.url=" + url + "\nmodule.persistence.config.db.username=sa\n"
                        + "module.persistence.config.db.password=" + SECRET + "\n"
                        + "module.audit.config.db.url=jdbc:postgresql://127.0.0.1:1/audit?password=" + SECRET + "\n");
        Map<String, String> env = Map.of("DB_PASSWORD", SECRET, "LOCKDOCTOR_PASSWORD", SECRET);
        String[] conn = {"--url", url, "--user", "sa", "--password-env", "DB_PASSWORD"};
        String[] wrong = {"--url", url + ";PASSWORD=" + SECRET, "--user", "sa", "--password-file", passwordFile.toString(),
            "--timeout", "2s"};

        // Each run with the exit code that shows it ran as intended: a run that failed early would print no
        // secret either. Both ways of giving the password connect (the URL's and the file's are the same).
        List<Run> runs = new ArrayList<>();
        for (String[] c : new String[][] {conn, wrong}) {
            runs.add(new Run(ExitCodes.UNCERTAIN,
                    concat(new String[] {"status", "--observe", "0s", "--format", "json"}, c)));
            runs.add(new Run(ExitCodes.STALE, concat(new String[] {"status", "--observe", "1s"}, c)));
            runs.add(new Run(ExitCodes.OK, concat(new String[] {"history", "--format", "csv"}, c)));
            runs.add(new Run(ExitCodes.UNCERTAIN,
                    concat(new String[] {"doctor", "--observe", "0s", "--log", log.toString()}, c)));
            runs.add(new Run(ExitCodes.OK,
                    concat(new String[] {"export", "--observe", "0s", "--force"}, c)));
            runs.add(new Run(ExitCodes.OK, concat(new String[] {"clear", "--table",
                "FLY_HFJ_MIGRATION", "--uuid", LOCK, "--dry-run", "--observe", "1s", "--min-age", "0s"}, c)));
        }
        runs.add(new Run(ExitCodes.ERROR, new String[] {"status", "--url", "jdbc:postgresql://127.0.0.1:1/x?user=u&password="
            + SECRET, "--timeout", "2s"}));
        runs.add(new Run(ExitCodes.ERROR, new String[] {"status", "--smile-config", config.toString(), "--observe", "0s",
            "--timeout", "2s"}));
        runs.add(new Run(ExitCodes.ERROR, new String[] {"doctor", "--smile-config", config.toString(), "--observe", "0s",
            "--timeout", "2s", "--format", "json"}));
        runs.add(new Run(ExitCodes.OK, new String[] {"clear", "--smile-config", config.toString(), "--module", "persistence",
            "--table", "FLY_HFJ_MIGRATION", "--uuid", LOCK, "--yes", "--observe", "1s", "--min-age", "0s", "--audit-file",
            dir.resolve("audit.log").toString()}));

        for (Run expected : runs) {
            CliRun run = CliRun.run(env, dir, concat(expected.args(), new String[] {"--verbose"}));
            String what = String.join(" ", expected.args());
            assertThat(run.all()).as(what).doesNotContain(SECRET);
            assertThat(run.exitCode()).as(what + "\n" + run.all()).isEqualTo(expected.exitCode());
        }
        assertThat(Files.readString(dir.resolve("audit.log"))).contains("DELETED").doesNotContain(SECRET);
    }

    private record Run(int exitCode, String[] args) {
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
