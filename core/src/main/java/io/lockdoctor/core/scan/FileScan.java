package io.lockdoctor.core.scan;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plain regular files: split at line boundaries into chunks that worker threads scan in parallel, the
 * results merged in file order. A chunk is read block by block into a direct buffer that keeps
 * {@link WindowParser#MARGIN} bytes on both sides of what is scanned, also across the chunk's ends, so
 * a message, a wrapped paste or a CRI partial record crossing a block or chunk border is read whole; a
 * message belongs to the chunk it starts in.
 *
 * <p>Positional reads rather than a memory map: on Java 17 the scan loop reads a mapped buffer three to
 * five times slower than a direct one (1 GiB: 2.0-2.8 s against 0.3-0.8 s to count its lines), far
 * more than the copy costs. Memory: one block per worker, whatever the file size.
 */
final class FileScan {
    private static final long SMALL_FILE = 8L << 20;
    private static final long MIN_CHUNK = 16L << 20;
    private static final long MAX_CHUNK = 512L << 20;
    /** Bytes scanned per read: large enough that re-reading the margins costs little. */
    static final int BLOCK = 4 << 20;
    /** Triggers this far past a chunk's end can still belong to a message starting inside it. */
    private static final int EXTENSION = WindowParser.BACK + 64;

    private record Outcome(MatchCollector collector, long newlines) {
    }

    /**
     * What a worker keeps from chunk to chunk: its block, and its parser, whose memory of the lines a crash
     * loop repeats (and of the code paths compiled for them) then carries on into the next chunk.
     */
    private record Worker(ByteBuffer buffer, WindowParser parser) {
    }

    private FileScan() {
    }

    static void scan(FileChannel channel, long size, String name, ScanOptions options, boolean exactMessages,
            ResultBuilder result) throws IOException {
        scan(channel, size, name, options, exactMessages, result, BLOCK);
    }

    /** @param block bytes scanned per read (small in tests, to put block borders everywhere) */
    static void scan(FileChannel channel, long size, String name, ScanOptions options, boolean exactMessages,
            ResultBuilder result, int block) throws IOException {
        boolean envelopes = hasContainerEnvelope(channel, size);
        int threads = size < SMALL_FILE ? 1 : options.threads();
        long chunk = size < SMALL_FILE ? size
                : Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size / (threads * 4L)));
        List<long[]> ranges = ranges(channel, size, chunk);
        int workers = Math.min(threads, ranges.size());
        int capacity = (int) Math.min(block + 2L * WindowParser.MARGIN, size + 16);
        BlockingQueue<Worker> idle = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            idle.add(new Worker(ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN),
                    new WindowParser(options.logZone())));
        }
        ChunkTask task = (from, to) -> {
            Worker worker = idle.take();
            try {
                return scanChunk(channel, size, from, to, envelopes, options, exactMessages, worker);
            } finally {
                idle.put(worker);
            }
        };

        long newlines = 0;
        if (workers == 1) {
            for (long[] r : ranges) {
                newlines = merge(name, result, options, size, r, run(task, r), newlines);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(workers, runnable -> {
                Thread t = new Thread(runnable, "lockdoctor-scan");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Outcome>> futures = new ArrayList<>();
                for (long[] r : ranges) {
                    futures.add(pool.submit(() -> task.scan(r[0], r[1])));
                }
                for (int i = 0; i < futures.size(); i++) {
                    newlines = merge(name, result, options, size, ranges.get(i), futures.get(i).get(), newlines);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while scanning " + name, e);
            } catch (ExecutionException e) {
                throw rethrown(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        result.bytesScanned(size);
    }

    @FunctionalInterface
    private interface ChunkTask {
        Outcome scan(long from, long to) throws IOException, InterruptedException;
    }

    private static Outcome run(ChunkTask task, long[] range) throws IOException {
        try {
            return task.scan(range[0], range[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while scanning", e);
        }
    }

    private static IOException rethrown(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        return new IOException(cause);
    }

    /** Adds a chunk's outcome in file order; returns the newlines counted up to the chunk's end. */
    private static long merge(String name, ResultBuilder result, ScanOptions options, long size, long[] range,
            Outcome outcome, long newlinesBefore) {
        result.merge(name, outcome.collector, newlinesBefore);
        if (options.progress() != null) {
            options.progress().progress(name, range[1], size);
        }
        return newlinesBefore + outcome.newlines;
    }

    /** Chunk boundaries moved to just after a newline, so lines rarely cross chunks. */
    private static List<long[]> ranges(FileChannel channel, long size, long chunk) throws IOException {
        List<long[]> ranges = new ArrayList<>();
        ByteBuffer probe = ByteBuffer.allocate(64 * 1024);
        long start = 0;
        while (start < size) {
            long end = Math.min(size, start + chunk);
            if (end < size) {
                probe.clear();
                int n = channel.read(probe, end);
                for (int i = 0; i < n; i++) {
                    if (probe.get(i) == '\n') {
                        end = end + i + 1;
                        break;
                    }
                }
            }
            ranges.add(new long[] {start, end});
            start = end;
        }
        return ranges;
    }

    /**
     * Scans the messages starting in {@code [from, to)}: triggers up to {@link #EXTENSION} past {@code to},
     * with {@link WindowParser#MARGIN} bytes of context around every scanned byte (as far as the file goes).
     */
    private static Outcome scanChunk(FileChannel channel, long size, long from, long to, boolean envelopes,
            ScanOptions options, boolean exactMessages, Worker worker) throws IOException {
        ByteBuffer buffer = worker.buffer();
        int margin = WindowParser.MARGIN;
        long scanTo = Math.min(size, to + EXTENSION);
        long dataTo = Math.min(size, scanTo + margin);
        long base = Math.max(0, from - margin);
        buffer.clear();
        int filled = fill(channel, buffer, base, 0, dataTo);
        MatchCollector collector = new MatchCollector(options);
        BlockScanner scanner = new BlockScanner(worker.parser(), collector, exactMessages);
        int pos = (int) (from - base);
        reset(scanner, buffer, base, filled, size, from, to, envelopes);
        scanner.initLastNewline(pos);
        long lines = 0;
        long linesAtTo = -1;
        while (true) {
            long end = base + filled;
            int limit = (int) ((end == dataTo ? scanTo : Math.min(scanTo, end - margin)) - base);
            int toIndex = (int) (to - base);
            if (pos < toIndex && toIndex <= limit) {
                lines = scanner.scan(pos, toIndex, lines);
                linesAtTo = lines;
                pos = toIndex;
            }
            if (pos < limit) {
                lines = scanner.scan(pos, limit, lines);
                pos = limit;
            }
            if (base + pos >= scanTo) {
                break;
            }
            // Slide: keep the margin before the scan position, read the next block after it.
            int keep = Math.max(0, pos - margin);
            buffer.limit(filled).position(keep);
            buffer.compact();
            base += keep;
            pos -= keep;
            filled = fill(channel, buffer, base, filled - keep, dataTo);
            reset(scanner, buffer, base, filled, size, from, to, envelopes);
        }
        return new Outcome(collector, linesAtTo);
    }

    private static void reset(BlockScanner scanner, ByteBuffer buffer, long base, int filled, long size, long from,
            long to, boolean envelopes) {
        scanner.reset(buffer, 0, filled, base == 0, base + filled == size, base, (int) (from - base),
                (int) (to - base), envelopes);
    }

    /** Reads from file offset {@code base + filled} until the buffer is full or {@code dataTo}; returns the fill. */
    private static int fill(FileChannel channel, ByteBuffer buffer, long base, int filled, long dataTo)
            throws IOException {
        int want = (int) Math.min(buffer.capacity(), dataTo - base);
        buffer.limit(want).position(filled);
        while (buffer.position() < want) {
            if (channel.read(buffer, base + buffer.position()) < 0) {
                throw new EOFException("the file became shorter while it was read");
            }
        }
        buffer.clear();
        return want;
    }

    private static boolean hasContainerEnvelope(FileChannel channel, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 128));
        channel.read(head, 0);
        return StreamScan.hasContainerEnvelope(head, head.position());
    }
}
