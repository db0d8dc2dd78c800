package io.lockdoctor.core.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Plain regular files: memory-mapped (no copy, no heap), split at line boundaries into chunks that
 * worker threads scan in parallel. Each chunk also maps a margin on both sides, so a message or a CRI
 * partial record crossing a boundary is re-read whole; a message belongs to the chunk it starts in.
 */
final class MappedFileScan {
    private static final long SMALL_FILE = 8L << 20;
    private static final long MIN_CHUNK = 16L << 20;
    private static final long MAX_CHUNK = 512L << 20;
    /** Triggers this far past a chunk's end can still belong to a message starting inside it. */
    private static final int EXTENSION = WindowParser.BACK + 64;

    private record Outcome(MatchCollector collector, long newlines) {
    }

    private MappedFileScan() {
    }

    static void scan(FileChannel channel, long size, String name, ScanOptions options, boolean exactMessages,
            ResultBuilder result)
            throws IOException {
        boolean envelopes = hasContainerEnvelope(channel, size);
        int threads = size < SMALL_FILE ? 1 : options.threads();
        long chunk = size < SMALL_FILE ? size
                : Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, size / (threads * 4L)));
        List<long[]> ranges = ranges(channel, size, chunk);

        long newlines = 0;
        long done = 0;
        if (threads == 1 || ranges.size() == 1) {
            for (long[] r : ranges) {
                Outcome o = scanChunk(channel, size, r[0], r[1], envelopes, options, exactMessages);
                result.merge(name, o.collector, newlines);
                newlines += o.newlines;
                done = r[1];
                progress(options, name, done, size);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, ranges.size()), runnable -> {
                Thread t = new Thread(runnable, "lockdoctor-scan");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Outcome>> futures = new ArrayList<>();
                for (long[] r : ranges) {
                    futures.add(pool.submit(() -> scanChunk(channel, size, r[0], r[1], envelopes, options,
                            exactMessages)));
                }
                for (int i = 0; i < futures.size(); i++) {
                    Outcome o = futures.get(i).get();
                    result.merge(name, o.collector, newlines);
                    newlines += o.newlines;
                    done = ranges.get(i)[1];
                    progress(options, name, done, size);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while scanning " + name, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException(cause);
            } finally {
                pool.shutdownNow();
            }
        }
        result.bytesScanned(size);
    }

    private static void progress(ScanOptions options, String name, long done, long size) {
        if (options.progress() != null) {
            options.progress().progress(name, done, size);
        }
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

    private static Outcome scanChunk(FileChannel channel, long size, long from, long to, boolean envelopes,
            ScanOptions options, boolean exactMessages) throws IOException {
        long mapFrom = Math.max(0, from - WindowParser.MARGIN);
        long mapTo = Math.min(size, to + EXTENSION + WindowParser.MARGIN);
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, mapFrom, mapTo - mapFrom);
        mapped.order(ByteOrder.LITTLE_ENDIAN);
        int hi = (int) (mapTo - mapFrom);
        int start = (int) (from - mapFrom);
        int end = (int) (to - mapFrom);
        MatchCollector collector = new MatchCollector(options);
        BlockScanner scanner = new BlockScanner(new WindowParser(options.logZone()), collector, exactMessages);
        scanner.reset(mapped, 0, hi, mapFrom == 0, mapTo == size, mapFrom, start, end, envelopes);
        scanner.initLastNewline(start);
        long newlines = scanner.scan(start, end, 0);
        scanner.scan(end, Math.min(hi, end + EXTENSION), newlines);
        return new Outcome(collector, newlines);
    }

    private static boolean hasContainerEnvelope(FileChannel channel, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 128));
        channel.read(head, 0);
        return StreamScan.hasContainerEnvelope(head, head.position());
    }
}
