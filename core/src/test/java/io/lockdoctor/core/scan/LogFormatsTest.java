package io.lockdoctor.core.scan;

import static io.lockdoctor.core.scan.LockEventKind.COMPETING_LOCK;
import static io.lockdoctor.core.scan.LockEventKind.LOCK_ADDED;
import static io.lockdoctor.core.scan.LockEventKind.LOCK_BLOCKED;
import static io.lockdoctor.core.scan.LockEventKind.LOCK_RELEASE_FAILED;
import static io.lockdoctor.core.scan.LockEventKind.LOCK_REMOVED;
import static io.lockdoctor.core.scan.LockEventKind.LOCK_REPAIR;
import static io.lockdoctor.core.scan.LockEventKind.LOCK_WAIT;
import static io.lockdoctor.core.scan.LockEventKind.MIGRATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sample log per shape of docs/evidence.md: the right table, UUID, count, line and time. */
class LogFormatsTest {
    @TempDir
    Path dir;

    private final LogScanner scanner = new LogScanner();

    private ScanResult scan(String sample) {
        return scanner.scan(Samples.copy(sample, dir));
    }

    @Test
    void logbackWithStackTracesCountsOneLockSeenThreeTimesAndReadsTheTimeline() {
        ScanResult r = scan("logback-smile.log");
        String file = dir.resolve("logback-smile.log").toString();

        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.table()).isEqualTo("FLY_HFJ_MIGRATION");
            assertThat(f.uuid()).isEqualTo("0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61");
            assertThat(f.code()).isEqualTo("HAPI-2153");
            assertThat(f.occurrences()).isEqualTo(3);
            // The exception line has no time of its own: it is the "Migration failed" event's.
            assertThat(f.first()).isEqualTo(new LogLocation(file, 8, ts("2025-03-11T10:05:49.010")));
            assertThat(f.last()).isEqualTo(new LogLocation(file, 15, ts("2025-03-11T10:20:49")));
        });
        assertThat(r.events()).extracting(LockEvent::kind, LockEvent::line, LockEvent::uuid, LockEvent::table)
                .containsExactly(
                        tuple(LOCK_ADDED, 2L, "0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61", null),
                        tuple(LOCK_WAIT, 5L, null, "FLY_HFJ_MIGRATION"),
                        tuple(LOCK_WAIT, 6L, null, "FLY_HFJ_MIGRATION"),
                        tuple(MIGRATION_FAILED, 7L, null, null),
                        tuple(LOCK_BLOCKED, 8L, "0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61", "FLY_HFJ_MIGRATION"),
                        tuple(LOCK_BLOCKED, 12L, "0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61", "FLY_HFJ_MIGRATION"),
                        tuple(LOCK_WAIT, 13L, null, "FLY_HFJ_MIGRATION"),
                        tuple(MIGRATION_FAILED, 14L, null, null),
                        tuple(LOCK_BLOCKED, 15L, "0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61", "FLY_HFJ_MIGRATION"),
                        tuple(LOCK_REPAIR, 17L, "0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61", "FLY_HFJ_MIGRATION"),
                        tuple(LOCK_REMOVED, 18L, null, null),
                        tuple(LOCK_ADDED, 19L, "7d41e0a2-93b5-4f6c-8e2d-1a0b9c8d7e6f", null),
                        tuple(LOCK_RELEASE_FAILED, 20L, "7d41e0a2-93b5-4f6c-8e2d-1a0b9c8d7e6f", null),
                        tuple(COMPETING_LOCK, 21L, null, null),
                        tuple(MIGRATION_FAILED, 22L, null, null),
                        tuple(MIGRATION_FAILED, 23L, null, null));
        assertThat(r.events().get(0).timestamp()).isEqualTo(ts("2025-03-11T09:59:59.100"));
        assertThat(r.filesScanned()).isEqualTo(1);
        assertThat(r.bytesScanned()).isEqualTo(Samples.bytes("logback-smile.log").length);
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void logZoneGivesOffsetlessTimesAnOffset() {
        ScanResult r = new LogScanner(ScanOptions.defaults().withLogZone(ZoneId.of("Europe/Paris")))
                .scan(Samples.copy("logback-smile.log", dir));
        LogTimestamp added = r.events().get(0).timestamp();
        assertThat(added).hasToString("2025-03-11T09:59:59.1+01:00");
        assertThat(added.instant()).hasValueSatisfying(i -> assertThat(i).hasToString("2025-03-11T08:59:59.100Z"));
    }

    @Test
    void logstashJsonFindsTheMessageInsideEscapedStackTraceAndMessage() {
        ScanResult r = scan("logstash.json");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.uuid()).isEqualTo("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
            assertThat(f.table()).isEqualTo("FLY_HFJ_MIGRATION");
            // line 3 has it in "message" and "stack_trace": one log record, one occurrence
            assertThat(f.occurrences()).isEqualTo(2);
            assertThat(f.first().line()).isEqualTo(2);
            assertThat(f.first().timestamp()).hasToString("2025-03-11T10:05:50.02+01:00");
            assertThat(f.last().line()).isEqualTo(3);
        });
        assertThat(r.events()).extracting(LockEvent::kind)
                .containsExactly(LOCK_WAIT, MIGRATION_FAILED, LOCK_BLOCKED, LOCK_BLOCKED);
    }

    @Test
    void criRejoinsPartialRecordsSplitInsideAWordAndInsideTheUuid() {
        ScanResult r = scan("cri.log");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.uuid()).isEqualTo("5b6c7d8e-1f2a-4b3c-9d4e-5f6a7b8c9d0e");
            assertThat(f.table()).isEqualTo("FLY_HFJ_MIGRATION");
            assertThat(f.first().line()).isEqualTo(2);
            // the JSON record's own time (with offset) wins over the runtime's
            assertThat(f.first().timestamp()).hasToString("2025-03-11T10:05:50.099+01:00");
        });
        assertThat(r.events()).extracting(LockEvent::kind).containsExactly(LOCK_WAIT, MIGRATION_FAILED,
                LOCK_BLOCKED);
        // a Logback line without offset inside CRI: the runtime's UTC time
        assertThat(r.events().get(0).timestamp()).hasToString("2025-03-11T09:05:48.01020304Z");
    }

    @Test
    void dockerJsonFileUnescapesAndRejoinsASplitRecord() {
        ScanResult r = scan("docker-json.log");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.uuid()).isEqualTo("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
            assertThat(f.table()).isEqualTo("FLY_CDR_MIGRATION");
            assertThat(f.first().line()).isEqualTo(5);
            assertThat(f.first().timestamp()).hasToString("2025-03-11T09:05:50.1Z");
        });
        // "Migration Lo" + "ck Row added": found only by re-joining the two records
        assertThat(r.events()).extracting(LockEvent::kind, LockEvent::uuid, LockEvent::line).startsWith(
                tuple(LOCK_ADDED, "aa11bb22-cc33-4d44-8e55-ff6677889900", 1L));
    }

    @Test
    void dockerComposePrefixesWithColoursAreStripped() {
        ScanResult r = scan("compose.log");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.uuid()).isEqualTo("2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f");
            assertThat(f.first().line()).isEqualTo(3);
            assertThat(f.first().timestamp()).isEqualTo(ts("2025-03-11T10:05:50.099"));
        });
    }

    @Test
    void crlfLineEndings() {
        ScanResult r = scan("crlf-windows.log");
        assertThat(r.findings()).extracting(LogFinding::uuid, LogFinding::table)
                .containsExactly(tuple("4d5e6f7a-8b9c-4d0e-a1f2-3a4b5c6d7e8f", "FLY_HFJ_MIGRATION"));
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() {
        Path withoutSuffix = Samples.copy("smile.log.1.gz", dir, "smile.log.1");
        ScanResult gz = scan("smile.log.1.gz");
        ScanResult renamed = scanner.scan(withoutSuffix);
        ScanResult plain = scan("logback-smile.log");
        for (ScanResult r : List.of(gz, renamed)) {
            assertThat(r.errors()).isEmpty();
            assertThat(r.findings()).extracting(LogFinding::uuid, LogFinding::occurrences, f -> f.first().line())
                    .containsExactly(tuple("0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61", 3L, 8L));
            assertThat(r.events()).extracting(LockEvent::kind, LockEvent::line)
                    .isEqualTo(plain.events().stream().map(e -> tuple(e.kind(), e.line())).toList());
            assertThat(r.bytesScanned()).isEqualTo(plain.bytesScanned());
        }
    }

    @Test
    void ticketPasteWrappedWithQuoteMarkers() {
        ScanResult r = scan("ticket-quoted.txt");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.uuid()).isEqualTo("6e7f8a9b-0c1d-4e2f-a3b4-c5d6e7f8a9b0");
            assertThat(f.table()).isEqualTo("FLY_HFJ_MIGRATION");
            assertThat(f.first().line()).isEqualTo(4);
            assertThat(f.first().timestamp()).isEqualTo(ts("2025-03-11T10:05:50.099"));
        });
    }

    @Test
    void documentationCopyWrappedOverSixLinesAndTheExportLineIsNoSecondFinding() {
        ScanResult r = scan("docs-wrapped.txt");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.uuid()).isEqualTo("2981dc98-6111-4892-b3f9-56b9d559f4d7");
            assertThat(f.table()).isEqualTo("FLY_CDR_MIGRATION");
            assertThat(f.occurrences()).isEqualTo(1);
            assertThat(f.first().line()).isEqualTo(2);
            assertThat(f.first().timestamp()).isNull();
        });
    }

    @Test
    void messageWithoutDescriptionHasNoUuid() {
        ScanResult r = scan("no-description.log");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.table()).isEqualTo("FLY_HFJ_MIGRATION");
            assertThat(f.uuid()).isNull();
            assertThat(f.code()).isEqualTo("HAPI-2153");
            assertThat(f.first().timestamp()).hasToString("2025-03-11T10:05:50.099+02:00");
        });
    }

    @Test
    void oldVariantWithoutCodeTableOrUuid() {
        ScanResult r = scan("old-variant.log");
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isNull();
            assertThat(f.table()).isNull();
            assertThat(f.uuid()).isNull();
            assertThat(f.first().line()).isEqualTo(2);
        });
        assertThat(r.events()).extracting(LockEvent::kind).containsExactly(LOCK_BLOCKED);
    }

    @Test
    void nearMissesAreNotFindings() {
        ScanResult r = scan("near-misses.txt");
        assertThat(r.findings()).isEmpty();
        assertThat(r.events()).isEmpty();
        assertThat(r.foundLockMessage()).isFalse();
    }

    @Test
    void realHapiMessageSample() {
        ScanResult r = scan("logback-hapi-h2-blocked.log");
        assertThat(r.findings()).extracting(LogFinding::table, LogFinding::uuid, LogFinding::code)
                .containsExactly(tuple("FLY_CDR_MIGRATION", RealHapiMessageTest.LOCK_UUID, "HAPI-2153"));
    }

    @Test
    void upperCaseUuidIsReportedLowerCase() {
        String log = "HAPI-2153: Unable to obtain table lock - another database migration may be running.  If no "
                + "other database migration is running, then the previous migration did not shut down properly and "
                + "the lock record needs to be deleted manually.  The lock record is located in the "
                + "FLY_HFJ_MIGRATION table with INSTALLED_RANK = -100 and DESCRIPTION = "
                + "CC38089F-D3AB-4AC6-A65F-DCC0727CEE10\n";
        ScanResult r = scanner.scan(new ByteArrayInputStream(log.getBytes()), "paste");
        assertThat(r.findings()).extracting(LogFinding::uuid).containsExactly("cc38089f-d3ab-4ac6-a65f-dcc0727cee10");
        assertThat(r.findings().get(0).first().file()).isEqualTo("paste");
    }

    @Test
    void severalFilesInOrderGiveFirstAndLastAcrossThem() {
        Path older = Samples.copy("smile.log.1.gz", dir);
        Path newer = Samples.copy("logback-hapi-h2-blocked.log", dir);
        Path again = Samples.copy("logback-smile.log", dir);
        ScanResult r = scanner.scan(List.of(older, newer, again));
        assertThat(r.filesScanned()).isEqualTo(3);
        assertThat(r.findings()).extracting(LogFinding::uuid, LogFinding::occurrences,
                f -> f.first().file(), f -> f.last().file()).containsExactly(
                        tuple("0e9b2c51-6a3f-4d8e-b1c7-5f2a9d8e4c61", 6L, older.toString(), again.toString()),
                        tuple(RealHapiMessageTest.LOCK_UUID, 1L, newer.toString(), newer.toString()));
    }

    static LogTimestamp ts(String localIso) {
        return new LogTimestamp(java.time.LocalDateTime.parse(localIso), null);
    }
}
