package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file is read window by window, each window with its margins: messages in exact wording, wrapped
 * pastes and CRI records split by the runtime that straddle a window border are found exactly once,
 * with the line numbers and times a stream read gives, whatever the window size.
 */
class BlockBorderTest {
    private static final ScanOptions OPTIONS = ScanOptions.defaults().withThreads(1);
    private static final int[] BLOCKS = {997, 4096, 65_537};
    private static final String TABLE = "FLY_HFJ_MIGRATION";

    @TempDir
    Path dir;

    private int blocked;
    private int waits;
    private int added;

    @Test
    void logbackMessagesAcrossBlockBordersAreFoundOnce() throws IOException {
        Random random = new Random(15);
        StringBuilder log = new StringBuilder();
        for (int i = 0; log.length() < 700_000; i++) {
            log.append(time(i)).append(" [main] ");
            switch (random.nextInt(8)) {
                case 0 -> {
                    waits++;
                    log.append("INFO  c.u.f.j.m.HapiMigrationLock Waiting for lock on ").append(TABLE)
                            .append(".  Retry ").append(1 + random.nextInt(49)).append("/50\n");
                }
                case 1 -> {
                    blocked++;
                    log.append("ERROR c.u.f.j.m.HapiMigrator Migration failed\n").append(Messages.EXCEPTION)
                            .append(": ").append(Messages.blocked(TABLE, uuid(i))).append('\n');
                }
                case 2 -> {
                    blocked++;
                    log.append("INFO  pasted from a ticket\n");
                    ChunkBoundaryTest.wrap("> ", Messages.blocked(TABLE, uuid(i)), 40 + random.nextInt(40))
                            .forEach(line -> log.append(line).append('\n'));
                }
                case 3 -> {
                    added++;
                    log.append("INFO  c.u.f.j.m.HapiMigrationLock ").append(Messages.added(uuid(i))).append('\n');
                }
                default -> log.append("INFO  c.u.f.j.s.SearchCoordinatorSvcImpl took ").append(random.nextInt(999))
                        .append("ms to lock nothing; ").append("x".repeat(random.nextInt(300))).append('\n');
            }
        }
        ScanResult stream = assertSameWithEveryBlock(log.toString());

        assertThat(stream.findings()).extracting(LogFinding::occurrences).containsOnly(1L);
        assertThat(stream.findings()).hasSize(blocked);
        assertThat(count(stream, LockEventKind.LOCK_WAIT)).isEqualTo(waits);
        assertThat(count(stream, LockEventKind.LOCK_ADDED)).isEqualTo(added);
    }

    @Test
    void criRecordsSplitAcrossBlockBordersAreReJoined() throws IOException {
        Random random = new Random(16);
        StringBuilder log = new StringBuilder();
        for (int i = 0; log.length() < 700_000; i++) {
            String envelope = "2025-03-11T09:00:00." + String.format("%09d", i) + "Z stdout ";
            String text = time(i) + " [main] INFO  c.u.f.Filler " + "y".repeat(random.nextInt(400));
            if (random.nextInt(6) == 0) {
                added++;
                text = time(i) + " [main] INFO  c.u.f.j.m.HapiMigrationLock " + Messages.added(uuid(i));
            }
            // the runtime splits a line anywhere, inside a word too
            int cut = random.nextInt(text.length());
            if (random.nextBoolean() && cut > 0) {
                log.append(envelope).append("P ").append(text, 0, cut).append('\n');
                log.append(envelope).append("F ").append(text, cut, text.length()).append('\n');
            } else {
                log.append(envelope).append("F ").append(text).append('\n');
            }
        }
        ScanResult stream = assertSameWithEveryBlock(log.toString());

        assertThat(count(stream, LockEventKind.LOCK_ADDED)).isEqualTo(added);
    }

    /** Scans {@code log} as a stream, then as a file with every block size; returns the stream's result. */
    private ScanResult assertSameWithEveryBlock(String log) throws IOException {
        byte[] bytes = log.getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(dir.resolve("borders.log"), bytes);
        ScanResult stream = new LogScanner(OPTIONS).scan(new ByteArrayInputStream(bytes), file.toString());
        assertThat(new LogScanner(OPTIONS).scan(file)).isEqualTo(stream);
        for (int block : BLOCKS) {
            ResultBuilder result = new ResultBuilder(OPTIONS);
            result.fileScanned();
            try (FileChannel channel = FileChannel.open(file)) {
                FileScan.scan(channel, bytes.length, file.toString(), OPTIONS, true, result, block);
            }
            assertThat(result.build()).as("block of %d bytes", block).isEqualTo(stream);
        }
        return stream;
    }

    private static long count(ScanResult r, LockEventKind kind) {
        assertThat(r.eventsOmitted()).isZero();
        return r.events().stream().filter(e -> e.kind() == kind).count();
    }

    private static String time(int i) {
        return String.format("2025-03-11 %02d:%02d:%02d.%03d", i / 3_600_000 % 24, i / 60_000 % 60, i / 1000 % 60,
                i % 1000);
    }

    private static String uuid(int i) {
        return String.format("%08x-1111-4222-8333-444444444444", i);
    }
}
