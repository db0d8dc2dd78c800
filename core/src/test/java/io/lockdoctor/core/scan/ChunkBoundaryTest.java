package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files above 8 MB are cut into 16 MB+ chunks scanned in parallel. Messages wrapped over the cut,
 * and CRI partial records split across it, must be found once, with the line numbers a
 * single-threaded scan gives.
 */
class ChunkBoundaryTest {
    private static final long CUT = 16L << 20;

    @TempDir
    Path dir;

    private long written;
    private long lines;
    private final List<Long> expectedLines = new ArrayList<>();

    private void write(OutputStream out, String text) {
        try {
            byte[] b = text.getBytes(StandardCharsets.US_ASCII);
            out.write(b);
            written += b.length;
            lines += text.chars().filter(c -> c == '\n').count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fillTo(OutputStream out, long offset, String linePrefix) {
        String line = linePrefix + "2025-03-11 10:00:00.000 [main] INFO  c.u.f.Filler ordinary line "
                + "x".repeat(40) + "\n";
        while (written + line.length() <= offset) {
            write(out, line);
        }
        write(out, linePrefix + "y".repeat((int) (offset - written) + 1) + "\n");
    }

    @Test
    void wrappedMessagesAcrossEveryCut() throws IOException {
        Path file = dir.resolve("wrapped.log");
        String[] uuids = {"11111111-2222-4333-8444-555555555555", "66666666-7777-4888-9999-aaaaaaaaaaaa",
            "bbbbbbbb-cccc-4ddd-8eee-ffffffffffff"};
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int k = 0; k < 3; k++) {
                fillTo(out, (k + 1) * CUT - 120 * (k + 1), "");
                expectedLines.add(lines + 1);
                // wrapped at 60 columns as in a ticket: the cut falls inside it
                for (String part : wrap("> " , Messages.blocked("FLY_HFJ_MIGRATION", uuids[k]), 60)) {
                    write(out, part + "\n");
                }
            }
            fillTo(out, 3 * CUT + (5 << 20), "");
        }
        ScanResult sequential = new LogScanner(ScanOptions.defaults().withThreads(1)).scan(file);
        ScanResult parallel = new LogScanner(ScanOptions.defaults().withThreads(2)).scan(file);
        for (ScanResult r : List.of(sequential, parallel)) {
            assertThat(r.findings()).extracting(LogFinding::uuid).containsExactly(uuids);
            assertThat(r.findings()).extracting(f -> f.first().line()).containsExactlyElementsOf(expectedLines);
            assertThat(r.findings()).allSatisfy(f -> assertThat(f.occurrences()).isEqualTo(1));
        }
        assertThat(parallel).isEqualTo(sequential);
    }

    @Test
    void criPartialRecordSplitInsideLockAcrossTheCut() throws IOException {
        Path file = dir.resolve("cri.log");
        String prefix = "2025-03-11T09:00:00.000000000Z stdout F ";
        String uuid = "0f0f0f0f-1e1e-4d2d-8c3c-4b4b4b4b4b4b";
        try (OutputStream out = Files.newOutputStream(file)) {
            fillTo(out, CUT - 40, prefix);
            expectedLines.add(lines + 1);
            String added = "2025-03-11 10:00:00.000 [main] INFO  c.u.f.j.m.HapiMigrationLock " + Messages.added(uuid);
            int cut = added.indexOf("Lock Row") + 2;
            write(out, "2025-03-11T09:00:01.000000000Z stdout P " + added.substring(0, cut) + "\n");
            write(out, "2025-03-11T09:00:01.000000001Z stdout F " + added.substring(cut) + "\n");
            fillTo(out, CUT + (9 << 20), prefix);
        }
        for (int threads : new int[] {1, 2}) {
            ScanResult r = new LogScanner(ScanOptions.defaults().withThreads(threads)).scan(file);
            assertThat(r.events()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(LockEventKind.LOCK_ADDED);
                assertThat(e.uuid()).isEqualTo(uuid);
                assertThat(e.line()).isEqualTo(expectedLines.get(0));
                assertThat(e.timestamp()).hasToString("2025-03-11T09:00:01Z");
            });
        }
    }

    /** Greedy word wrap at {@code width} columns, each line starting with {@code marker}. */
    static List<String> wrap(String marker, String text, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(marker);
        for (String word : text.split(" ")) {
            if (line.length() > marker.length() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line = new StringBuilder(marker);
            }
            if (line.length() > marker.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        out.add(line.toString());
        return out;
    }
}
