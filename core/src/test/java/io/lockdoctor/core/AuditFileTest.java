package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each audit record is written whole or not at all, on its own line; a torn tail is never extended. */
class AuditFileTest {
    @TempDir
    Path dir;

    private static AuditEntry entry(String event) {
        return new AuditEntry(Instant.parse("2026-11-30T10:00:00Z"), event, "dba", "host", "jdbc:postgresql://db/cdr",
                "public", "FLY_HFJ_MIGRATION", Map.of("installed_rank", "-100"), "STALE", List.of("LOCK_AGE: 3d"),
                false, event.equals("OUTCOME") ? "DELETED" : null, "message");
    }

    @Test
    void recordsAreWholeLinesOneAfterTheOther() throws IOException {
        Path file = dir.resolve("audit.log");
        AuditFile audit = new AuditFile(file);

        audit.check();
        audit.append(entry("INTENT"));
        audit.check();
        audit.append(entry("OUTCOME"));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).containsExactly(entry("INTENT").toJsonLine(), entry("OUTCOME").toJsonLine());
        assertThat(Files.readString(file)).endsWith("}\n");
        // Messages name the file by its absolute path.
        assertThat(audit.path()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(audit.describe()).isEqualTo(file.toAbsolutePath().normalize().toString());
    }

    @Test
    void aFileWhoseLastLineIsAFragmentIsNeverExtendedAndTheRepairIsNamed() throws IOException {
        Path file = dir.resolve("audit.log");
        String whole = entry("INTENT").toJsonLine() + "\n";
        String fragment = entry("OUTCOME").toJsonLine().substring(0, 40);
        Files.writeString(file, whole + fragment);
        AuditFile audit = new AuditFile(file);

        assertThatThrownBy(audit::check).isInstanceOf(AuditException.class)
                .hasMessageContaining("does not end with a complete record (40 bytes after the last line feed")
                .hasMessageContaining("truncate -s " + whole.getBytes(StandardCharsets.UTF_8).length + " '" + file + "'")
                .hasMessageContaining("cp '" + file + "' '" + file + ".torn'");
        assertThatThrownBy(() -> audit.append(entry("INTENT"))).isInstanceOf(AuditException.class)
                .hasMessageContaining("never appends to a torn record");

        assertThat(Files.readString(file)).isEqualTo(whole + fragment);
    }

    @Test
    void aFragmentWithoutAnyCompleteLineOrALineWithoutItsBraceIsTornToo() throws IOException {
        for (String content : List.of("{\"time\":\"2026", "{\"time\":\"2026\n", "\u0000\u0000\u0000")) {
            Path file = Files.writeString(dir.resolve("audit-" + content.length() + ".log"), content);

            assertThatThrownBy(() -> new AuditFile(file).append(entry("INTENT"))).as(content)
                    .isInstanceOf(AuditException.class).hasMessageContaining("does not end with a complete record");
            assertThat(Files.readString(file)).isEqualTo(content);
        }
    }

    /** The repair names the exact size to cut back to: the bytes up to and including the last line feed. */
    @Test
    void theRepairCutsTheFileBackToItsLastLineFeedExactly() throws IOException {
        Map<String, String> expected = Map.of(
                "abc", "3 bytes after the last line feed are not one",
                "\nabc", "3 bytes after the last line feed are not one",
                "\n", "0 bytes after the last line feed are not one");
        Map<String, String> cut = Map.of("abc", "truncate -s 0 ", "\nabc", "truncate -s 1 ", "\n", "truncate -s 1 ");
        for (String content : expected.keySet()) {
            Path file = Files.writeString(dir.resolve("torn-" + content.hashCode() + ".log"), content);

            assertThatThrownBy(() -> new AuditFile(file).append(entry("INTENT"))).as(content)
                    .isInstanceOf(AuditException.class).hasMessageContaining("does not end with a complete record")
                    .hasMessageContaining(expected.get(content)).hasMessageContaining(cut.get(content))
                    .hasMessageNotContaining("move the file aside");
        }
    }

    @Test
    void aNewFileIsReadableAndWritableByItsOwnerOnly() throws IOException {
        // Never skipped: the builds that run this suite use POSIX file systems, where the rule applies.
        assertThat(java.nio.file.FileSystems.getDefault().supportedFileAttributeViews())
                .as("a POSIX file system to check the audit file's permissions on").contains("posix");
        Path file = dir.resolve("new-audit.log");

        new AuditFile(file).append(entry("INTENT"));

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aWriteCutShortByAFullDiskIsRemovedAgainAndTheNextRecordStartsOnItsOwnLine() throws IOException {
        Path file = dir.resolve("audit.log");
        new AuditFile(file).append(entry("INTENT"));
        String before = Files.readString(file);
        // The disk fills 25 bytes into the OUTCOME record.
        AuditFile full = new AuditFile(file, path -> new FailingChannel(path, 25, false));

        assertThatThrownBy(() -> full.append(entry("OUTCOME"))).isInstanceOf(AuditException.class)
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("the part written was removed again");

        assertThat(Files.readString(file)).isEqualTo(before);
        new AuditFile(file).append(entry("OUTCOME"));
        assertThat(Files.readAllLines(file)).containsExactly(entry("INTENT").toJsonLine(), entry("OUTCOME").toJsonLine());
    }

    @Test
    void whenEvenTheCutFailsTheTornTailIsReportedAndNeverExtended() throws IOException {
        Path file = dir.resolve("audit.log");
        new AuditFile(file).append(entry("INTENT"));
        long whole = Files.size(file);
        AuditFile broken = new AuditFile(file, path -> new FailingChannel(path, 25, true));

        assertThatThrownBy(() -> broken.append(entry("OUTCOME"))).isInstanceOf(AuditException.class)
                .hasMessageContaining("could not be removed").hasMessageContaining("truncate -s " + whole);
        assertThat(Files.size(file)).isEqualTo(whole + 25);

        AuditFile next = new AuditFile(file);
        assertThatThrownBy(() -> next.append(entry("INTENT"))).isInstanceOf(AuditException.class)
                .hasMessageContaining("25 bytes after the last line feed");
        assertThat(Files.size(file)).isEqualTo(whole + 25);
    }

    /**
     * A real file channel that accepts {@code budget} bytes and then fails as a full disk does;
     * with {@code truncateFails}, the cut back fails too (an I/O error on a dying disk).
     */
    private static final class FailingChannel extends FileChannel {
        private final FileChannel real;
        private final AtomicInteger budget;
        private final boolean truncateFails;

        FailingChannel(Path path, int budget, boolean truncateFails) throws IOException {
            this.real = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            this.budget = new AtomicInteger(budget);
            this.truncateFails = truncateFails;
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            int allowed = Math.min(src.remaining(), budget.get());
            if (allowed == 0) {
                throw new IOException("No space left on device");
            }
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + allowed);
            int written = real.write(part, position);
            src.position(src.position() + written);
            budget.addAndGet(-written);
            return written;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (truncateFails) {
                throw new IOException("Input/output error");
            }
            real.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return write(src, real.position());
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            throw new IOException("not used");
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
