package io.lockdoctor.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streams (gzip, standard input, pipes): a reader thread fills blocks (decompressing) while this thread
 * scans the previous one, like {@code zcat | grep}. The working buffer keeps {@link WindowParser#MARGIN}
 * bytes on both sides of what is scanned, so memory stays a few MB whatever the line lengths.
 */
final class StreamScan {
    private static final int BLOCK = 1 << 20;
    private static final int BLOCKS = 4;

    private static final class Block {
        final byte[] data = new byte[BLOCK];
        int length;
        boolean end;
        IOException error;
    }

    private StreamScan() {
    }

    /**
     * Scans {@code in} to its end or first error.
     *
     * @return the read error, or {@code null} when the stream was read completely
     */
    static IOException scan(InputStream in, String name, ScanOptions options, boolean exactMessages,
            ResultBuilder result, ProgressSource progress) throws InterruptedException {
        BlockingQueue<Block> free = new ArrayBlockingQueue<>(BLOCKS);
        BlockingQueue<Block> full = new ArrayBlockingQueue<>(BLOCKS + 1);
        for (int i = 0; i < BLOCKS; i++) {
            free.add(new Block());
        }
        Thread reader = new Thread(() -> read(in, free, full), "lockdoctor-read");
        reader.setDaemon(true);
        reader.start();

        int margin = WindowParser.MARGIN;
        byte[] array = new byte[BLOCK + 2 * margin + 16];
        ByteBuffer buffer = ByteBuffer.wrap(array).order(ByteOrder.LITTLE_ENDIAN);
        MatchCollector collector = new MatchCollector(options);
        BlockScanner scanner = new BlockScanner(new WindowParser(options.logZone()), collector, exactMessages);
        int filled = 0;
        int pos = 0;
        long base = 0;
        long lines = 0;
        long total = 0;
        boolean first = true;
        boolean envelopes = false;
        IOException error = null;
        boolean end = false;
        try {
            while (!end) {
                Block block = full.take();
                if (block.end) {
                    end = true;
                    error = block.error;
                } else {
                    if (filled + block.length > array.length) {
                        int keep = Math.max(0, pos - margin);
                        System.arraycopy(array, keep, array, 0, filled - keep);
                        base += keep;
                        filled -= keep;
                        pos -= keep;
                    }
                    System.arraycopy(block.data, 0, array, filled, block.length);
                    filled += block.length;
                    total += block.length;
                    free.put(block);
                    if (first) {
                        envelopes = hasContainerEnvelope(buffer, filled);
                        first = false;
                    }
                    if (options.progress() != null) {
                        options.progress().progress(name, progress.bytesRead(), progress.size());
                    }
                }
                int to = end ? filled : filled - margin;
                if (to > pos) {
                    scanner.reset(buffer, 0, filled, base == 0, end, base, 0, filled, envelopes);
                    lines = scanner.scan(pos, to, lines);
                    pos = to;
                }
            }
        } finally {
            reader.interrupt();
        }
        result.merge(name, collector, 0);
        result.bytesScanned(total);
        return error;
    }

    private static void read(InputStream in, BlockingQueue<Block> free, BlockingQueue<Block> full) {
        try {
            while (true) {
                Block block = free.take();
                int n = 0;
                IOException error = null;
                try {
                    while (n < BLOCK) {
                        int r = in.read(block.data, n, BLOCK - n);
                        if (r < 0) {
                            break;
                        }
                        n += r;
                    }
                } catch (IOException e) {
                    error = e;
                }
                if (n > 0) {
                    block.length = n;
                    block.end = false;
                    full.put(block);
                    if (error == null && n == BLOCK) {
                        continue;
                    }
                    block = free.take();
                }
                block.length = 0;
                block.end = true;
                block.error = error;
                full.put(block);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CRI or Docker json-file: only these split long lines into partial records. */
    static boolean hasContainerEnvelope(ByteBuffer head, int length) {
        if (length >= 8 && head.get(0) == '{' && head.get(1) == '"' && head.get(2) == 'l' && head.get(3) == 'o'
                && head.get(4) == 'g') {
            return true;
        }
        return PhysicalLine.criHeader(head, 0, length) > 0;
    }

    /** Where the bytes come from, for progress: compressed bytes read and the file size. */
    interface ProgressSource {
        long bytesRead();

        long size();
    }
}
