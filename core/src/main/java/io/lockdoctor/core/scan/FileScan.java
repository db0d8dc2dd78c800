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
 * results merged in file order. A chunk is scanned window by window, each window read with
 * {@link WindowParser#MARGIN} bytes on both sides of what is scanned, also across the chunk's ends, so
 * a message, a wrapped paste or a CRI partial record crossing a window or chunk border is read whole; a
 * message belongs to the chunk it starts in.
 *
 * <p>Read, not memory-mapped, into a small direct buffer each worker reuses: the kernel's copy leaves
 * the window in the core's cache, where the scan finds it. Reading mapped pages cost two to three
 * times the CPU for the same bytes (page faults, unmapping, and the scan's loads waiting on memory):
 * the scanner alone, once compiled, 1.4-1.55 s against 0.65-0.72 s of CPU per pass for the 1 GiB
 * crash-loop log, 1.26-1.32 s against 0.43-0.47 s for the plain bench log. A worker keeps its
 * {@link WindowParser} from chunk to chunk, and with it the lines a crash loop repeats
 * ({@link RepeatedTimedLine}, {@link RepeatedLine}).
 */
final class FileScan {
    private static final long SMALL_FILE = 8L << 20;
    private static final long MIN_CHUNK = 16L << 20;
    private static final long MAX_CHUNK = 512L << 20;
    /** Bytes scanned per window: with its margins, about what a core's cache holds. */
    static final int WINDOW = 1 << 20;
    /** Triggers this far past a chunk's end can still belong to a message starting inside it. */
    private static final int EXTENSION = WindowParser.BACK + 64;

    private record Outcome(MatchCollector collector, long newlines) {
    }

    private FileScan() {
    }

    static void scan(FileChannel channel, long size, String name, ScanOptions options, boolean exactMessages,
            ResultBuilder result) throws IOException {
        scan(channel, size, name, options, exactMessages, result, WINDOW);
    }

    /** @param window bytes scanned per read (small in tests, to put window borders everywhere) */
    static void scan(FileChannel channel, long size, String name, ScanOptions options, boolean exactMessages,
            ResultBuilder result, int window) throws IOException {
        boolean envelopes = hasContainerEnvelope(channel, size);
        int threads = size < SMALL_FILE ? 1 : options.threads();
        // One chunk per thread up to MAX_CHUNK. Four per thread balanced a skewed log better in theory,
        // but every chunk after a thread's first starts a fresh collector, whose first-event branches the
        // optimizing compiler had not seen taken: its code was thrown away and compiled again. 1 GiB,
        // two threads, 7 alternating runs (2026-12-02): crash loop 1088 against 1176 ms wall (1837
        // against 1995 ms CPU), plain log 659 against 688 ms, and 980 against 1006 ms for a log that is
        // 700 MB of plain lines then 374 MB of crash loop, the skew four chunks a thread were for.
        long chunk = size < SMALL_FILE ? size
                : Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size / threads));
        List<long[]> ranges = ranges(channel, size, chunk);
        int workers = Math.min(threads, ranges.size());
        // A worker's parser goes from chunk to chunk: its memory of the lines a crash loop repeats (and
        // the code paths compiled for them) carries on.
        int capacity = (int) Math.min(size, (long) window + 2L * WindowParser.MARGIN);
        BlockingQueue<Worker> idle = new ArrayBlockingQueue<>(workers);
        for (int i = 0; i < workers; i++) {
            idle.add(new Worker(new WindowParser(options.logZone()), capacity));
        }
        ChunkTask task = (from, to) -> {
            Worker worker = idle.take();
            try {
                return scanChunk(channel, size, from, to, envelopes, options, exactMessages, window, worker);
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
            ScanOptions options, boolean exactMessages, int window, Worker worker) throws IOException {
        int margin = WindowParser.MARGIN;
        long scanTo = Math.min(size, to + EXTENSION);
        MatchCollector collector = new MatchCollector(options);
        BlockScanner scanner = new BlockScanner(worker.parser, collector, exactMessages);
        long lines = 0;
        long linesAtTo = -1;
        for (long pos = from; pos < scanTo; ) {
            long end = Math.min(scanTo, pos + window);
            long base = Math.max(0, pos - margin);
            long dataTo = Math.min(size, end + margin);
            ByteBuffer buffer = worker.read(channel, base, dataTo);
            scanner.reset(buffer, 0, (int) (dataTo - base), base == 0, dataTo == size, base,
                    index(from, base), index(to, base), envelopes);
            int p = (int) (pos - base);
            if (pos == from) {
                scanner.initLastNewline(p);
            }
            if (pos < to && to <= end) {
                lines = scanner.scan(p, (int) (to - base), lines);
                linesAtTo = lines;
                p = (int) (to - base);
            }
            lines = scanner.scan(p, (int) (end - base), lines);
            pos = end;
        }
        return new Outcome(collector, linesAtTo);
    }

    /** A scan thread's parser and read buffer, kept from chunk to chunk (within one file). */
    private static final class Worker {
        final WindowParser parser;
        private final ByteBuffer buffer;
        /** The file's bytes the buffer holds, from its index 0. */
        private long heldFrom;
        private long heldTo;

        Worker(WindowParser parser, int capacity) {
            this.parser = parser;
            this.buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.LITTLE_ENDIAN);
        }

        /**
         * The buffer holding {@code [from, to)} of the file from its index 0; the file must still be that
         * long. What the last window left of it (its margins overlap this one's) is moved, not read again:
         * re-reading cost an eighth more copying from the kernel.
         */
        ByteBuffer read(FileChannel channel, long from, long to) throws IOException {
            if (heldFrom <= from && from < heldTo && heldTo <= to) {
                buffer.limit((int) (heldTo - heldFrom)).position((int) (from - heldFrom));
                buffer.compact();
            } else {
                buffer.clear();
            }
            buffer.limit((int) (to - from));
            heldFrom = from;
            heldTo = from;
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, from + buffer.position()) < 0) {
                    throw new EOFException("the file became shorter while it was read");
                }
            }
            heldTo = to;
            return buffer;
        }
    }

    /** {@code offset} as a buffer index from {@code base}, kept in the int range (it may lie far outside). */
    private static int index(long offset, long base) {
        return (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, offset - base));
    }

    private static boolean hasContainerEnvelope(FileChannel channel, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 128));
        channel.read(head, 0);
        return StreamScan.hasContainerEnvelope(head, head.position());
    }
}
