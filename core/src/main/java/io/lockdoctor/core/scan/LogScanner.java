package io.lockdoctor.core.scan;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Finds HAPI FHIR migration-lock messages and the lock's timeline in logs, whatever their shape:
 * Logback text with stack traces, Logstash JSON, Kubernetes CRI files (partial records re-joined),
 * Docker json-file, docker compose output, CRLF, gzip (detected by its magic bytes), and copies
 * wrapped over several lines as pasted into tickets ({@code > } quote markers allowed).
 *
 * <p>Plain files are read in chunks by several threads; a byte-level prefilter means only
 * the few places that may hold a message are decoded. Memory is bounded whatever the input (invalid
 * UTF-8, NUL bytes, lines of hundreds of MB): a 2 GiB file scans with {@code -Xmx64m}.
 *
 * <p>Read errors never throw: the result carries one {@link ScanError} per input that could not be
 * read (a directory, a missing or unreadable path, truncated gzip) next to everything read before
 * the error. Instances are immutable and may be shared.
 *
 * <pre>{@code
 * ScanResult r = new LogScanner(ScanOptions.defaults().withLogZone(ZoneId.of("Europe/Paris")))
 *         .scan(List.of(Path.of("log/smile.log.1.gz"), Path.of("log/smile.log")));
 * r.findings().forEach(f -> System.out.println(f.table() + " " + f.uuid() + " x" + f.occurrences()));
 * }</pre>
 */
public final class LogScanner {
    /** The argument that stands for standard input, as in {@code lockdoctor scan-log -}. */
    public static final String STANDARD_INPUT = "-";

    private final ScanOptions options;
    private final boolean exactMessages;

    /** A scanner with {@link ScanOptions#defaults()}. */
    public LogScanner() {
        this(ScanOptions.defaults());
    }

    public LogScanner(ScanOptions options) {
        this(options, true);
    }

    /** @param exactMessages read HAPI's exact wording without the window parser; off only to compare both ways */
    LogScanner(ScanOptions options, boolean exactMessages) {
        this.options = Objects.requireNonNull(options, "options");
        this.exactMessages = exactMessages;
    }

    public ScanOptions options() {
        return options;
    }

    /** Scans one file (plain or gzip). */
    public ScanResult scan(Path file) {
        return scan(List.of(file));
    }

    /** Scans files in the order given (give rotated sets oldest first so "first" and "last" read in time order). */
    public ScanResult scan(List<Path> files) {
        ResultBuilder result = new ResultBuilder(options);
        for (Path file : files) {
            scanPath(file, result);
        }
        return result.build();
    }

    /**
     * Scans a stream (plain or gzip) to its end; {@code name} is what locations report as the file.
     * The stream is not closed.
     */
    public ScanResult scan(InputStream in, String name) {
        ResultBuilder result = new ResultBuilder(options);
        scanStream(in, name, -1, result);
        return result.build();
    }

    /** Scans standard input; locations name it {@value #STANDARD_INPUT}. */
    public ScanResult scanStandardInput() {
        return scan(System.in, STANDARD_INPUT);
    }

    /**
     * Scans command-line arguments in order: {@value #STANDARD_INPUT} is standard input, anything else
     * a path.
     */
    public ScanResult scanArguments(List<String> arguments) {
        return scanArguments(arguments, System.in);
    }

    /** Like {@link #scanArguments(List)} with {@code standardInput} read for {@value #STANDARD_INPUT}. */
    public ScanResult scanArguments(List<String> arguments, InputStream standardInput) {
        ResultBuilder result = new ResultBuilder(options);
        for (String argument : arguments) {
            if (STANDARD_INPUT.equals(argument)) {
                scanStream(standardInput, STANDARD_INPUT, -1, result);
            } else {
                scanPath(Path.of(argument), result);
            }
        }
        return result.build();
    }

    private void scanPath(Path path, ResultBuilder result) {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            result.error(name, name + " is a directory, not a log file; name the files in it (e.g. "
                    + path.resolve("*.log") + ")");
            return;
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            scanPipe(path, result);
            return;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size >= 2 && isGzip(channel)) {
                channel.position(0);
                scanStream(Channels.newInputStream(channel), name, size, result);
                return;
            }
            result.fileScanned();
            if (size > 0) {
                FileScan.scan(channel, size, name, options, exactMessages, result);
            }
        } catch (NoSuchFileException e) {
            result.error(name, name + ": no such file; check the path (rotated logs may have been compressed "
                    + "to " + name + ".gz or deleted)");
        } catch (AccessDeniedException e) {
            result.error(name, name + ": permission denied; run as a user that can read it or copy it "
                    + "somewhere readable");
        } catch (IOException | RuntimeException e) {
            result.error(name, name + ": could not be read: " + describe(e));
        }
    }

    /**
     * A pipe or device ({@code <(zcat ...)}, a named pipe, {@code /dev/stdin}): read as a stream. Not
     * through a FileChannel: its stream asks for the position, which a pipe has none of ("Illegal seek").
     */
    private void scanPipe(Path path, ResultBuilder result) {
        String name = path.toString();
        try (InputStream in = new FileInputStream(path.toFile())) {
            scanStream(in, name, -1, result);
        } catch (FileNotFoundException e) {
            result.error(name, name + ": could not be opened (" + describe(e) + "); run as a user that can read it");
        } catch (IOException | RuntimeException e) {
            result.error(name, name + ": could not be read: " + describe(e));
        }
    }

    private void scanStream(InputStream raw, String name, long size, ResultBuilder result) {
        CountingInputStream counted = new CountingInputStream(raw);
        long before = 0;
        try {
            BufferedInputStream buffered = new BufferedInputStream(counted, 64 * 1024);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            result.fileScanned();
            if (b0 < 0) {
                return;
            }
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
            StreamScan.ProgressSource progress = new StreamScan.ProgressSource() {
                @Override
                public long bytesRead() {
                    return counted.count;
                }

                @Override
                public long size() {
                    return size;
                }
            };
            IOException error = StreamScan.scan(in, name, options, exactMessages, result, progress);
            if (error != null) {
                result.error(name, readError(name, gzip, error));
            }
        } catch (IOException e) {
            result.error(name, readError(name, false, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.error(name, name + ": interrupted while reading");
        }
    }

    private static String readError(String name, boolean gzip, IOException e) {
        if (gzip && (e instanceof EOFException || e instanceof ZipException)) {
            return name + ": the gzip data is truncated or corrupt (" + describe(e) + "); the findings cover "
                    + "only what was read before it. The file may still be being written or was cut off "
                    + "when copied";
        }
        if (e instanceof ZipException) {
            return name + ": not valid gzip (" + describe(e) + ")";
        }
        return name + ": read failed: " + describe(e);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean isGzip(FileChannel channel) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(2);
        channel.read(magic, 0);
        return magic.position() == 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b;
    }

    /** Counts compressed bytes for progress. */
    private static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public void close() {
            // the caller owns the stream
        }
    }

}
