package io.lockdoctor.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file so that a reader (node_exporter's textfile collector, a script) sees either the
 * old content or the new one, never a part: a temporary file in the same directory, written and
 * forced to disk, then renamed over the target.
 */
final class AtomicFile {
    private AtomicFile() {
    }

    static void replace(Path target, byte[] content) {
        Path file = target.toAbsolutePath();
        Path directory = file.getParent();
        Path temp = null;
        try {
            // A dot-name: the textfile collector reads *.prom only, so it never reads the temporary file.
            temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            readableByAll(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncDirectory(directory);
        } catch (AtomicMoveNotSupportedException e) {
            throw new UncheckedIOException("cannot replace " + file + " atomically on this file system", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The write already failed; that is the error worth reporting.
                }
            }
        }
    }

    /** Temporary files are owner-only; the collector often runs as another user. Nothing secret is in them. */
    private static void readableByAll(Path temp) throws IOException {
        if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Makes the rename itself durable; where a directory cannot be opened (Windows) the rename stands as is. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The new content is in place either way; only its survival of a power cut is less sure.
        }
    }
}
