package io.lockdoctor.core.clear;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * Audit lines appended to a file created owner-read/write only (0600), each forced to disk
 * before {@link #append} returns.
 */
public final class AuditFile implements AuditLog {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path path;

    public AuditFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    public Path path() {
        return path;
    }

    @Override
    public String describe() {
        return path.toString();
    }

    @Override
    public synchronized void append(AuditEntry entry) {
        byte[] line = (entry.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (Files.isSymbolicLink(path) || Files.exists(path, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("it is not a regular file");
            }
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            try (FileChannel channel = posix
                    ? FileChannel.open(path, Set.<OpenOption>of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), ownerOnly())
                    : FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                            StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            throw new AuditException("cannot write the audit file " + path + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())
                    + ". Give a writable --audit-file", e);
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY);
    }
}
