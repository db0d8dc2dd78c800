package io.lockdoctor.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Audit records appended to a file created owner-read/write only (0600), one JSON object per
 * line, each forced to disk before {@link #append} returns.
 *
 * <p>Each record is written whole or not at all, and starts on its own line: the file is locked
 * while a record is added (two clears at once take turns), a write cut short (a full disk) is cut
 * back off, and a file whose tail is not a complete record (a write cut short where the cut itself
 * failed, or a crash) is never extended: appending to it would glue the next record to the
 * fragment. The operator is told how to repair it instead.
 */
final class AuditFile implements AuditLog {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    /** A record is one line of a few kilobytes; the tail check reads at most this much. */
    private static final int TAIL_WINDOW = 64 * 1024;

    /** Opens the file for writing; tests inject channels that fail part-way. */
    interface ChannelOpener {
        FileChannel open(Path path) throws IOException;
    }

    private final Path path;
    private final ChannelOpener opener;
    private final String settingName;

    AuditFile(Path path) {
        this(path, ClearAudit.LIBRARY_FILE_SETTING);
    }

    /** @param settingName how the caller names where the audit file is set, in messages ("audit file") */
    AuditFile(Path path, String settingName) {
        this(path, AuditFile::openOwnerOnly, settingName);
    }

    AuditFile(Path path, ChannelOpener opener) {
        this(path, opener, ClearAudit.LIBRARY_FILE_SETTING);
    }

    private AuditFile(Path path, ChannelOpener opener, String settingName) {
        this.path = path.toAbsolutePath().normalize();
        this.opener = opener;
        this.settingName = settingName;
    }

    public Path path() {
        return path;
    }

    @Override
    public String describe() {
        return path.toString();
    }

    @Override
    public synchronized void check() {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        withLockedFile(channel -> {
            requireWholeTail(channel);
            return null;
        });
    }

    @Override
    public synchronized void append(AuditEntry entry) {
        byte[] line = (entry.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        withLockedFile(channel -> {
            long end = requireWholeTail(channel);
            try {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                long at = end;
                while (buffer.hasRemaining()) {
                    at += channel.write(buffer, at);
                }
                channel.force(true);
            } catch (IOException | RuntimeException e) {
                throw cutBack(channel, end, e);
            }
            return null;
        });
    }

    /**
     * Removes what a failed write left after {@code end}. When even that fails, the torn tail stays
     * and the next append refuses to extend it.
     */
    private IOException cutBack(FileChannel channel, long end, Exception failure) {
        try {
            channel.truncate(end);
            channel.force(true);
            return new IOException("the record could not be written (" + describe(failure) + "); the part written "
                    + "was removed again, the file ends with its last complete record", failure);
        } catch (IOException | RuntimeException again) {
            return new IOException("the record could not be written (" + describe(failure) + "), and the part "
                    + "written could not be removed (" + describe(again) + "): the file now ends with an incomplete "
                    + "record; " + repairAdvice(end), failure);
        }
    }

    /**
     * @return the file's size, after checking that it is empty or ends with a complete record: a
     *     line feed right after a JSON object's closing brace
     */
    private long requireWholeTail(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return 0;
        }
        int window = (int) Math.min(size, TAIL_WINDOW);
        ByteBuffer tail = ByteBuffer.allocate(window);
        long from = size - window;
        while (tail.hasRemaining()) {
            int read = channel.read(tail, from + tail.position());
            if (read < 0) {
                throw new IOException("the file shrank while it was read");
            }
        }
        byte[] bytes = tail.array();
        int last = bytes.length - 1;
        if (bytes[last] == '\n' && last > 0 && bytes[last - 1] == '}') {
            return size;
        }
        int previousNewline = last;
        while (previousNewline >= 0 && bytes[previousNewline] != '\n') {
            previousNewline--;
        }
        long whole = previousNewline < 0 ? (from == 0 ? 0 : -1) : from + previousNewline + 1;
        throw new TornTailException("it does not end with a complete record (" + (whole < 0 ? "more than "
                + TAIL_WINDOW + " bytes" : (size - whole) + " bytes") + " after the last line feed are not one: a "
                + "write that was cut short, e.g. by a full disk or a crash). lockdoctor never appends to a torn "
                + "record; " + repairAdvice(whole));
    }

    private String repairAdvice(long whole) {
        String quoted = "'" + path.toString().replace("'", "'\\''") + "'";
        return "keep a copy (cp " + quoted + " " + quoted.replaceAll("'$", ".torn'") + "), then "
                + (whole >= 0 ? "cut the fragment off (truncate -s " + whole + " " + quoted + ")"
                        : "move the file aside and give a new " + settingName)
                + ", and run again";
    }

    private interface LockedWork<T> {
        T run(FileChannel channel) throws IOException;
    }

    private <T> T withLockedFile(LockedWork<T> work) {
        try {
            if (Files.isSymbolicLink(path) || Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("it is not a regular file");
            }
            try (FileChannel channel = opener.open(path); FileLock lock = channel.lock()) {
                return work.run(channel);
            }
        } catch (TornTailException e) {
            throw new AuditException("cannot add to the audit file " + path + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new AuditException("cannot write the audit file " + path + ": " + describe(e)
                    + ". Give a writable " + settingName, e);
        }
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    /** Read and write (the tail is checked), never truncated on open, created 0600 where POSIX permissions exist. */
    private static FileChannel openOwnerOnly(Path path) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(path, options, ownerOnly());
        }
        return FileChannel.open(path, options);
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    }

    /** The file's last record is incomplete. */
    private static final class TornTailException extends IOException {
        private static final long serialVersionUID = 1L;

        TornTailException(String message) {
            super(message);
        }
    }
}
