package io.lockdoctor.cli.demo;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.LockDoctorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A small Smile CDR installation on disk: an embedded H2 database with both history tables,
 * created with HAPI's own DDL (hapi-fhir-sql-migrate 8.6.1, H2), a realistic history, a lock row
 * left by a migrator that died days ago, and the {@code smile.log} of the failed start that followed.
 */
public final class DemoInstallation {
    static final String INSTALLED_BY = "V8_6_1";
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    /** Marks a directory as the demo's: only then does a run replace the files below. */
    static final String MARKER = ".lockdoctor-demo";
    /** What the demo writes (H2 adds the trace file when it has something to report). */
    private static final List<String> OWN_FILES = List.of("cdr.mv.db", "cdr.trace.db", "smile.log");

    private final Path directory;
    private final String lockUuid;
    private final LocalDateTime crashedAt;
    private final LocalDateTime blockedStartAt;

    public DemoInstallation(Path directory, LocalDateTime now, UUID lockUuid) {
        this.directory = directory.toAbsolutePath().normalize();
        this.lockUuid = lockUuid.toString();
        this.crashedAt = now.minusDays(3).withHour(2).withMinute(14).withSecond(7).withNano(311_000_000);
        this.blockedStartAt = now.minusMinutes(4).withNano(0);
    }

    public Path directory() {
        return directory;
    }

    public String jdbcUrl() {
        return "jdbc:h2:file:" + directory.resolve("cdr");
    }

    public Path logFile() {
        return directory.resolve("smile.log");
    }

    public String lockUuid() {
        return lockUuid;
    }

    public LocalDate lockDate() {
        return crashedAt.toLocalDate();
    }

    /**
     * Creates the database and the log in a new or empty directory, or recreates them in one a
     * previous demo made (its marker file says so). Anything else in the directory is the user's:
     * such a directory is refused, and only the demo's own files are ever replaced.
     */
    public void create() {
        try {
            claimDirectory();
            for (String own : OWN_FILES) {
                // A link in their place is removed, never followed: what it points to is not the demo's.
                Files.deleteIfExists(directory.resolve(own));
            }
            createDatabase();
            Files.writeString(logFile(), smileLog(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo installation in " + directory + ": " + e, e);
        }
    }

    /** Makes sure the directory is the demo's: new, empty (then marked), or marked by an earlier demo. */
    private void claimDirectory() throws IOException {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new InvalidInputException(directory + " exists and is not a directory: give the demo another --dir");
        }
        Files.createDirectories(directory);
        Path marker = directory.resolve(MARKER);
        if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            for (String own : OWN_FILES) {
                if (Files.isDirectory(directory.resolve(own), LinkOption.NOFOLLOW_LINKS)) {
                    throw new InvalidInputException(directory.resolve(own) + " is a directory the demo did not make: "
                            + "give the demo another --dir");
                }
            }
            return;
        }
        List<String> present;
        try (Stream<Path> entries = Files.list(directory)) {
            present = entries.map(p -> p.getFileName().toString()).sorted().limit(4).toList();
        }
        if (!present.isEmpty()) {
            throw new InvalidInputException(directory + " already holds files the demo did not make ("
                    + String.join(", ", present.subList(0, Math.min(3, present.size())))
                    + (present.size() > 3 ? ", ..." : "") + "). The demo writes only into a new or empty directory, or "
                    + "one an earlier demo made, so that nothing of yours is replaced: give it another --dir");
        }
        Files.writeString(marker, "Made by 'lockdoctor demo', which recreates " + String.join(", ", OWN_FILES)
                + " here at each run and touches nothing else. Delete the directory when done.\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private void createDatabase() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "sa", "")) {
            LocalDate installed = crashedAt.toLocalDate().minusDays(400);
            createTable(c, "FLY_CDR_MIGRATION");
            insert(c, "FLY_CDR_MIGRATION", tableCreated(installed));
            int rank = 1;
            for (String[] task : CDR_TASKS) {
                insert(c, "FLY_CDR_MIGRATION", task(rank++, task[0], task[1], installed.plusDays(rank * 20L), true));
            }

            createTable(c, "FLY_HFJ_MIGRATION");
            insert(c, "FLY_HFJ_MIGRATION", tableCreated(installed));
            rank = 1;
            for (String[] task : HFJ_TASKS) {
                boolean failedOnce = task[0].equals("7.2.0.20240416.3");
                LocalDate day = installed.plusDays(rank * 7L);
                insert(c, "FLY_HFJ_MIGRATION", task(rank++, task[0], task[1], day, !failedOnce));
                if (failedOnce) {
                    insert(c, "FLY_HFJ_MIGRATION", task(rank++, task[0], task[1], day.plusDays(1), true));
                }
            }
            // The migrator that died: its lock row stays, dated with the day only (HAPI binds setDate).
            Object[] lock = {-100, null, lockUuid, "JDBC", "HAPI FHIR", null, INSTALLED_BY,
                crashedAt.toLocalDate(), 0, true, null};
            insert(c, "FLY_HFJ_MIGRATION", lock);
        } catch (SQLException e) {
            throw new LockDoctorException("cannot create the demo database " + jdbcUrl() + ": " + e.getMessage()
                    + (e.getErrorCode() == 90020 ? " (another process has it open: stop it and run the demo again)" : ""),
                    e);
        }
    }

    /** HAPI's exact DDL on H2, as {@code MigrationQueryBuilder} renders it. */
    public static List<String> ddl(String table) {
        return List.of("CREATE TABLE \"" + table + "\" (\"installed_rank\" INTEGER NOT NULL,\"version\" VARCHAR(50),"
                        + "\"description\" VARCHAR(200) NOT NULL,\"type\" VARCHAR(20) NOT NULL,\"script\" VARCHAR(1000) "
                        + "NOT NULL,\"checksum\" INTEGER,\"installed_by\" VARCHAR(100) NOT NULL,\"installed_on\" DATE "
                        + "NOT NULL,\"execution_time\" INTEGER NOT NULL,\"success\" boolean NOT NULL,\"result\" "
                        + "VARCHAR(100))",
                "CREATE UNIQUE INDEX " + table + "_PK_INDEX ON \"" + table + "\" (\"installed_rank\")");
    }

    private static void createTable(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : ddl(table)) {
                s.execute(sql);
            }
        }
    }

    private static Object[] tableCreated(LocalDate day) {
        return new Object[] {-1, null, "<< HAPI FHIR Schema History table created >>", "TABLE",
            "<< HAPI FHIR Schema History table created >>", null, INSTALLED_BY, day, 0, true, null};
    }

    private static Object[] task(int rank, String version, String description, LocalDate day, boolean success) {
        return new Object[] {rank, version, description, "JDBC", "HAPI FHIR", null, INSTALLED_BY, day,
            17 + (rank * 37) % 900, success, success ? "APPLIED" : null};
    }

    private static void insert(Connection c, String table, Object[] row) throws SQLException {
        String sql = "INSERT INTO \"" + table + "\" (\"installed_rank\",\"version\",\"description\",\"type\",\"script\","
                + "\"checksum\",\"installed_by\",\"installed_on\",\"execution_time\",\"success\",\"result\") "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < row.length; i++) {
                Object value = row[i] instanceof LocalDate d ? Date.valueOf(d) : row[i];
                ps.setObject(i + 1, value);
            }
            ps.executeUpdate();
        }
    }

    private String smileLog() {
        List<String> lines = new ArrayList<>();
        LocalDateTime t = crashedAt.minusSeconds(41);
        lines.add(log(t, "main", "INFO ", "ca.cdr.app.App", "Smile CDR 2025.02.R01 is starting"));
        lines.add(log(t.plusSeconds(39), "main", "INFO ", "c.u.f.j.m.HapiMigrator",
                "Migrating FLY_HFJ_MIGRATION from 8.4.0.20250501.1 to 8.6.1.20250701.1"));
        lines.add(log(crashedAt, "main", "INFO ", "c.u.f.j.m.HapiMigrationLock",
                "Migration Lock Row added. [uuid=" + lockUuid + "]"));
        lines.add(log(crashedAt.plusSeconds(1), "main", "INFO ", "c.u.f.j.m.t.AddIndexTask",
                "8.6.1.20250701.1: Adding index IDX_RES_TYPE_FHIR_ID to table HFJ_RESOURCE"));
        // The JVM was killed here (OOM killer): no "Successfully removed lock record", no more lines.
        lines.add(log(blockedStartAt, "main", "INFO ", "ca.cdr.app.App", "Smile CDR 2025.02.R01 is starting"));
        for (int retry = 1; retry < 50; retry++) {
            lines.add(log(blockedStartAt.plusSeconds(12 + retry), "main", "INFO ", "c.u.f.j.m.HapiMigrationLock",
                    "Waiting for lock on FLY_HFJ_MIGRATION.  Retry " + retry + "/50"));
        }
        lines.add(log(blockedStartAt.plusSeconds(62), "main", "ERROR", "ca.cdr.app.App",
                "Failed to start module persistence"));
        lines.add("ca.uhn.fhir.jpa.migrate.HapiMigrationException: HAPI-2153: Unable to obtain table lock - another "
                + "database migration may be running.  If no other database migration is running, then the previous "
                + "migration did not shut down properly and the lock record needs to be deleted manually.  The lock "
                + "record is located in the FLY_HFJ_MIGRATION table with INSTALLED_RANK = -100 and DESCRIPTION = "
                + lockUuid);
        lines.add("\tat ca.uhn.fhir.jpa.migrate.HapiMigrationLock.lock(HapiMigrationLock.java:90)");
        lines.add("\tat ca.uhn.fhir.jpa.migrate.HapiMigrationLock.<init>(HapiMigrationLock.java:57)");
        lines.add("\tat ca.uhn.fhir.jpa.migrate.HapiMigrator.migrate(HapiMigrator.java:157)");
        lines.add("\tat ca.cdr.persistence.migrate.SchemaMigrator.migrate(SchemaMigrator.java:112)");
        return String.join("\n", lines) + "\n";
    }

    private static String log(LocalDateTime time, String thread, String level, String logger, String message) {
        return LOG_TIME.format(time) + " [" + thread + "] " + level + " " + logger + " " + message;
    }

    private static final String[][] CDR_TASKS = {
        {"2024.05.1.20240401.1", "Add CDR_AUDIT_EVT_TARGET_RES index"},
        {"2024.11.1.20240915.1", "Add index IDX_AUDIT_EVT_TARGET_RES_TYPE"},
        {"2025.02.1.20250110.1", "Add column CDR_XACT_LOG.PARTITION_ID"},
    };

    private static final String[][] HFJ_TASKS = {
        {"7.0.0.20231123.1", "Add index IDX_SP_URI_HASH_URI_V2"},
        {"7.0.0.20231213.1", "Add column HFJ_RESOURCE.FHIR_ID"},
        {"7.2.0.20240405.1", "Add index IDX_SP_STRING_HASH_NRM_V2"},
        {"7.2.0.20240416.3", "Migrate FORCED_ID padding in chunks"},
        {"7.4.0.20240701.1", "Add column HFJ_SPIDX_URI.PARTITION_DATE"},
        {"8.0.0.20241201.1", "Inline large objects into HFJ_RES_VER.RES_TEXT_VC"},
        {"8.4.0.20250501.1", "Add index IDX_RES_TYPE_DEL_UPDATED"},
    };
}
