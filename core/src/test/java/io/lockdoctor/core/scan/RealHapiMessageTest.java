package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrationException;
import ca.uhn.fhir.jpa.migrate.HapiMigrationLock;
import ca.uhn.fhir.jpa.migrate.HapiMigrationStorageSvc;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.dao.HapiMigrationDao;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs HAPI FHIR's real migrator (hapi-fhir-sql-migrate 8.6.1) into a lock left by a "crashed"
 * migrator on H2 and scans the exception message it really throws; the committed sample
 * {@code logs/logback-hapi-h2-blocked.log} must carry that exact text.
 */
class RealHapiMessageTest {
    static final String LOCK_UUID = "3f1c2a9e-7b4d-4c8e-9a51-0d6e2f7b8c13";

    @AfterEach
    void restoreRetries() {
        HapiMigrationLock.setMaxRetryAttempts(HapiMigrationLock.DEFAULT_MAX_RETRY_ATTEMPTS);
    }

    static String blockedMessage(String table) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        HapiMigrator migrator = new HapiMigrator(table, ds, DriverTypeEnum.H2_EMBEDDED);
        migrator.createMigrationTableIfRequired();
        new HapiMigrationStorageSvc(new HapiMigrationDao(ds, DriverTypeEnum.H2_EMBEDDED, table))
                .insertLockRecord(LOCK_UUID);
        HapiMigrationLock.setMaxRetryAttempts(1);
        HapiMigrationException e = catchThrowableOfType(HapiMigrationException.class, migrator::migrate);
        assertThat(e).as("HAPI's migrator must refuse to start over a lock row").isNotNull();
        return e.getMessage();
    }

    @Test
    void findsTableAndUuidInHapisOwnMessage() {
        String message = blockedMessage("FLY_HFJ_MIGRATION");
        assertThat(message).startsWith("HAPI-2153: ");

        String log = "2025-03-11 10:00:49.120 [main] ERROR c.u.f.jpa.migrate.HapiMigrator Migration failed\n"
                + HapiMigrationException.class.getName() + ": " + message + "\n"
                + "\tat ca.uhn.fhir.jpa.migrate.HapiMigrationLock.lock(HapiMigrationLock.java:94)\n";
        ScanResult result = new LogScanner().scan(stream(log), "captured.log");

        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.table()).isEqualTo("FLY_HFJ_MIGRATION");
            assertThat(f.uuid()).isEqualTo(LOCK_UUID);
            assertThat(f.code()).isEqualTo("HAPI-2153");
            assertThat(f.occurrences()).isEqualTo(1);
            assertThat(f.first().line()).isEqualTo(2);
            assertThat(f.first().timestamp()).hasToString("2025-03-11T10:00:49.12");
        });
    }

    @Test
    void committedSampleCarriesTheRealMessage() throws Exception {
        String message = blockedMessage("FLY_CDR_MIGRATION");
        String sample;
        try (InputStream in = getClass().getResourceAsStream("/logs/logback-hapi-h2-blocked.log")) {
            assertThat(in).isNotNull();
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(sample).contains(HapiMigrationException.class.getName() + ": " + message + "\n");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
