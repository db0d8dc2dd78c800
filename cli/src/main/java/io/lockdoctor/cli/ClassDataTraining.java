package io.lockdoctor.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.jar.JarFile;
import picocli.CommandLine;

/**
 * The training run behind the launcher's class data sharing archive: runs the commands a runbook
 * uses on a throwaway in-memory database (and a refused PostgreSQL connection, to load that
 * driver's classes) so that the JVM can archive the classes they load. Has no effect outside
 * the JVM's own archive; prints nothing.
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    /** Drivers whose classes a refused connection does not load: loaded (not initialised) for the archive. */
    private static final List<String> PRELOADED_PACKAGES = List.of("org/postgresql/", "org/mariadb/jdbc/");

    public static void main(String[] args) throws Exception {
        preload();
        String url = "jdbc:h2:mem:training-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Path dir = Files.createTempDirectory("lockdoctor-training");
        // H2's own driver, not DriverManager: that would initialise every bundled driver, whose classes
        // a real run (one driver, chosen by URL) never loads, and the archive would carry them.
        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "");
        try (Connection keeper = new org.h2.Driver().connect(url, credentials);
                Statement s = keeper.createStatement()) {
            for (String sql : io.lockdoctor.cli.demo.DemoInstallation.ddl("FLY_HFJ_MIGRATION")) {
                s.execute(sql);
            }
            s.execute("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (-100, NULL, '" + UUID.randomUUID()
                    + "', 'JDBC', 'HAPI FHIR', NULL, 'V8_6_1', DATE '2025-01-01', 0, TRUE, NULL)");
            Path log = Files.writeString(dir.resolve("smile.log"), "2025-01-01 00:00:00.000 [main] INFO  x "
                    + "Migration Lock Row added. [uuid=" + UUID.randomUUID() + "]\n");
            run(dir, "status", "--url", url, "--user", "sa", "--observe", "0s");
            run(dir, "status", "--url", url, "--user", "sa", "--observe", "0s", "--format", "json");
            run(dir, "history", "--url", url, "--user", "sa", "--limit", "5");
            run(dir, "doctor", "--url", url, "--user", "sa", "--observe", "0s", "--log", log.toString());
            run(dir, "export", "--url", url, "--user", "sa", "--observe", "0s", "--force");
            run(dir, "scan-log", log.toString());
            run(dir, "status", "--url", "jdbc:postgresql://127.0.0.1:1/training", "--timeout", "1s");
            run(dir, "--help");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void preload() throws Exception {
        Path jar = Path.of(ClassDataTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(jar)) {
            return;
        }
        ClassLoader loader = ClassDataTraining.class.getClassLoader();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && !n.contains("-") && !n.startsWith("META-INF/")
                            && PRELOADED_PACKAGES.stream().anyMatch(n::startsWith))
                    .forEach(n -> {
                        try {
                            Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
                        } catch (Throwable ignored) {
                            // Classes needing optional dependencies: not needed at run time either.
                        }
                    });
        }
    }

    private static void run(Path dir, String... args) {
        DialectDiscovery dialects = new DialectDiscovery();
        CliContext context = new CliContext(Map.of(), new ByteArrayInputStream(new byte[0]), false,
                Clock.systemUTC(), dir, dialects);
        StartupWarmUp.start(args, context.environment(), dialects); // as Main does, for its classes
        CommandLine cli = new LockDoctorCli(context).commandLine();
        cli.setOut(new PrintWriter(Writer.nullWriter()));
        cli.setErr(new PrintWriter(Writer.nullWriter()));
        cli.execute(args);
    }
}
