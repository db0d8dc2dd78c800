package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input nobody should have to scan, but operators do: results stay right, memory bounded, errors clear. */
class HostileInputTest {
    static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";

    @TempDir
    Path dir;

    private final LogScanner scanner = new LogScanner();

    @Test
    void invalidUtf8AndNulBytesAroundTheMessage() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0, (byte) 0xc3, (byte) 0x28, '\n'});
        out.write(new byte[] {0, 0, 0, (byte) 0x80, ' '});
        out.write(Messages.blocked("FLY_HFJ_MIGRATION", UUID).getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0, (byte) 0xed, (byte) 0xa0, (byte) 0x80, '\n', (byte) 0xf8, '\n'});
        Path file = Files.write(dir.resolve("binary.log"), out.toByteArray());

        ScanResult r = scanner.scan(file);
        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).extracting(LogFinding::uuid, f -> f.first().line()).containsExactly(tuple(UUID, 2L));
    }

    @Test
    void binaryGarbageFindsNothingAndFailsNothing() throws IOException {
        byte[] noise = new byte[3 << 20];
        new java.util.Random(7).nextBytes(noise);
        Path file = Files.write(dir.resolve("noise.bin"), noise);
        ScanResult r = scanner.scan(file);
        assertThat(r.findings()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(r.bytesScanned()).isEqualTo(noise.length);
    }

    @Test
    void messagesAtBothEndsOfA64MbLine() throws IOException {
        Path file = dir.resolve("long-line.log");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("first " + Messages.added(UUID) + " ").getBytes(StandardCharsets.US_ASCII));
            byte[] filler = new byte[1 << 20];
            Arrays.fill(filler, (byte) 'x');
            for (int i = 0; i < 64; i++) {
                out.write(filler);
            }
            out.write((" " + Messages.blocked("FLY_CDR_MIGRATION", UUID) + "\nsecond line\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        for (int threads : new int[] {1, 2}) {
            ScanResult r = new LogScanner(ScanOptions.defaults().withThreads(threads)).scan(file);
            assertThat(r.events()).extracting(LockEvent::kind, LockEvent::line).containsExactly(
                    tuple(LockEventKind.LOCK_ADDED, 1L), tuple(LockEventKind.LOCK_BLOCKED, 1L));
            assertThat(r.findings()).extracting(LogFinding::table).containsExactly("FLY_CDR_MIGRATION");
        }
    }

    @Test
    void truncatedGzipReportsWhatWasReadAndTheError() throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            String line = i % 1000 == 0 ? Messages.blocked("FLY_HFJ_MIGRATION", UUID)
                    : "2025-03-11 10:00:00.000 [main] INFO  c.u.f.Noise event " + i + " " + Long.toHexString(i * 7919L);
            plain.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain.toByteArray());
        }
        byte[] all = gz.toByteArray();
        Path file = Files.write(dir.resolve("smile.log.3.gz"), Arrays.copyOf(all, all.length / 2));

        ScanResult r = scanner.scan(file);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo(file.toString());
            assertThat(e.message()).contains(file.toString()).contains("truncated");
        });
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.uuid()).isEqualTo(UUID);
            assertThat(f.occurrences()).isBetween(1L, 19L);
            assertThat(f.first().line()).isEqualTo(1);
        });
        assertThat(r.filesScanned()).isEqualTo(1);
        assertThat(r.bytesScanned()).isPositive().isLessThan(plain.size());
    }

    @Test
    void aFileShorterThanWhenItsSizeWasTakenIsAReadErrorNotAnExtension() throws IOException {
        Path file = Files.writeString(dir.resolve("rotated.log"), Messages.added(UUID) + "\n");
        ResultBuilder result = new ResultBuilder(ScanOptions.defaults());
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            long sizeBeforeTruncation = channel.size() + (20 << 20);
            assertThatThrownBy(() -> FileScan.scan(channel, sizeBeforeTruncation, file.toString(),
                    ScanOptions.defaults(), true, result)).isInstanceOf(java.io.EOFException.class)
                    .hasMessage("the file became shorter while it was read");
        }
        assertThat(Files.size(file)).as("the file is left as it was").isEqualTo(Messages.added(UUID).length() + 1);
    }

    @Test
    void emptyFile() throws IOException {
        ScanResult r = scanner.scan(Files.createFile(dir.resolve("empty.log")));
        assertThat(r.findings()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(r.filesScanned()).isEqualTo(1);
        assertThat(r.bytesScanned()).isZero();
    }

    @Test
    void directoryMissingAndUnreadablePathsAreNamedAndTheRestStillScanned() throws IOException {
        Path good = Samples.copy("docs-wrapped.txt", dir);
        Path missing = dir.resolve("smile.log.7");
        ScanResult r = scanner.scan(List.of(dir, missing, good));
        assertThat(r.errors()).extracting(ScanError::file).containsExactly(dir.toString(), missing.toString());
        assertThat(r.errors().get(0).message()).contains(dir.toString()).contains("is a directory");
        assertThat(r.errors().get(1).message()).contains(missing.toString()).contains("no such file");
        assertThat(r.findings()).hasSize(1);
        assertThat(r.filesScanned()).isEqualTo(1);
    }

    @Test
    void aPathThatCannotBeOpenedIsAClearErrorNamingIt() throws IOException {
        // Tests run as root in CI, and root reads a file whatever its mode, so the unopenable path
        // here is one through a regular file, which fails for every user.
        Path file = Samples.copy("docs-wrapped.txt", dir);
        Path through = file.resolve("child.log");
        ScanResult r = scanner.scan(List.of(through, file));
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains(through.toString()));
        assertThat(r.findings()).as("the readable file is still scanned").hasSize(1);
    }

    @Test
    void standardInputStyleStreamIncludingGzip() throws IOException {
        byte[] gz = Samples.bytes("smile.log.1.gz");
        ScanResult r = scanner.scan(new java.io.ByteArrayInputStream(gz), LogScanner.STANDARD_INPUT);
        assertThat(r.findings()).extracting(LogFinding::occurrences, f -> f.first().file())
                .containsExactly(tuple(3L, "-"));
    }

    @Test
    void boundedMemoryWith32MbHeapOnAHugeLineAndItsGzip() throws Exception {
        Path file = dir.resolve("huge-line.log");
        Path gz = dir.resolve("huge-line.log.gz");
        byte[] filler = new byte[1 << 20];
        Arrays.fill(filler, (byte) 'y');
        byte[] tail = (" " + Messages.blocked("FLY_HFJ_MIGRATION", UUID) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(file);
                OutputStream z = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
            for (int i = 0; i < 300; i++) {
                out.write(filler);
                z.write(filler);
            }
            out.write(tail);
            z.write(tail);
        }
        for (Path input : List.of(file, gz)) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx32m", "-cp", System.getProperty("java.class.path"), ScanMain.class.getName(),
                    input.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("HAPI-2153 FLY_HFJ_MIGRATION " + UUID + " x1");
        }
    }
}
