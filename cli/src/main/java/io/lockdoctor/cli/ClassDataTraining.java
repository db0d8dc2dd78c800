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
 * The training run behind the launcher's start-up caches: runs the commands a runbook uses so that
 * the JVM can archive the classes they load. Has no effect outside the JVM's own cache; prints nothing.
 * Two profiles, one cache each: scans need none of the database engine and drivers, and load classes
 * (the parallel scan's threads, the JSON document) that the database commands' training does not:
 * <ul>
 * <li>{@code database} (the default): the database commands on a throwaway in-memory database (and a
 * refused PostgreSQL connection, to load that driver's classes), and a small log scan for doctor;
 * <li>{@code scan}: scan-log alone, on a plain log large enough for its parallel scan, a gzip log, in
 * text and JSON.
 * </ul>
 */
public final class ClassDataTraining {
    private ClassDataTraining() {
    }

    /** Drivers whose classes a refused connection does not load: loaded (not initialised) for the archive. */
    private static final List<String> PRELOADED_PACKAGES = List.of("org/postgresql/", "org/mariadb/jdbc/");

    public static void main(String[] args) throws Exception {
        // The entry point itself, which this run does not go through.
        Class.forName(Main.class.getName());
        String profile = args.length == 0 ? "database" : args[0];
        switch (profile) {
            case "database" -> database();
            case "scan" -> inTemporaryDirectory(ClassDataTraining::scan);
            default -> throw new IllegalArgumentException("no training profile " + profile);
        }
    }

    /**
     * A scan like those of big files: a log long enough to be cut into chunks scanned in parallel (they
     * are 16 MB at least), with lock messages and their events; a gzip file; text and JSON.
     */
    private static void scan(Path dir) throws Exception {
        String uuid = UUID.randomUUID().toString();
        StringBuilder restart = new StringBuilder();
        restart.append("2025-01-01 00:00:00.000 [main] INFO  c.u.f.j.m.HapiMigrationLock Migration Lock Row added. [uuid=")
                .append(uuid).append("]\n");
        for (int i = 1; i <= 3; i++) {
            restart.append("2025-01-01 00:00:0").append(i).append(".000 [main] INFO  c.u.f.j.m.HapiMigrationLock ")
                    .append("Waiting for lock on FLY_HFJ_MIGRATION.  Retry ").append(i).append("/50\n");
        }
        restart.append("2025-01-01 00:00:05.000 [main] ERROR c.u.f.j.m.HapiMigrator Migration failed\n")
                .append("ca.uhn.fhir.jpa.migrate.HapiMigrationException: HAPI-2153: Unable to obtain table lock - another ")
                .append("database migration may be running.  If no other database migration is running, then the previous ")
                .append("migration did not shut down properly and the lock record needs to be deleted manually.  The lock ")
                .append("record is located in the FLY_HFJ_MIGRATION table with INSTALLED_RANK = -100 and DESCRIPTION = ")
                .append(uuid).append("\n\tat ca.uhn.fhir.jpa.migrate.HapiMigrator.migrate(HapiMigrator.java:100)\n");
        String noise = "2025-01-01 00:00:06.000 [http-nio-8000-exec-1] INFO  c.u.f.r.s.RestfulServer Processing request "
                + "GET /fhir/Patient/1/_history from 10.1.2.7, lock released\n";
        Path log = dir.resolve("smile.log");
        try (var out = Files.newBufferedWriter(log)) {
            out.write(restart.toString());
            for (int written = 0; written < 33 << 20; written += noise.length()) {
                out.write(noise);
            }
            out.write(restart.toString());
        }
        Path gzip = dir.resolve("smile.log.1.gz");
        try (var out = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip)),
                java.nio.charset.StandardCharsets.UTF_8)) {
            out.write(restart.toString());
        }
        run(dir, "scan-log", gzip.toString(), log.toString());
        run(dir, "scan-log", "--format", "json", gzip.toString(), log.toString());
        run(dir, "scan-log", "--help");
    }

    private static void database() throws Exception {
        preload();
        inTemporaryDirectory(dir -> {
            String url = "jdbc:h2:mem:training-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
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
            }
        });
    }

    @FunctionalInterface
    private interface Training {
        void run(Path dir) throws Exception;
    }

    private static void inTemporaryDirectory(Training training) throws Exception {
        Path dir = Files.createTempDirectory("lockdoctor-training");
        try {
            training.run(dir);
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
