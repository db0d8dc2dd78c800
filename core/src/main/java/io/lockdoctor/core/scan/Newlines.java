package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Finds the nearest newline eight bytes at a time (in little-endian buffers, which all scans use). */
final class Newlines {
    private static final long NEWLINES = 0x0101010101010101L * '\n';
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

    private Newlines() {
    }

    /** Index of the last newline in {@code [limit, from]}, or {@code limit - 1} when there is none. */
    static int last(ByteBuffer buf, int from, int limit) {
        int i = from;
        if (buf.order() == ByteOrder.LITTLE_ENDIAN) {
            while (i - 7 >= limit) {
                long found = mask(buf.getLong(i - 7));
                if (found != 0) {
                    return i - 7 + ((63 - Long.numberOfLeadingZeros(found)) >>> 3);
                }
                i -= 8;
            }
        }
        while (i >= limit && buf.get(i) != '\n') {
            i--;
        }
        return Math.max(i, limit - 1);
    }

    /** Index of the first newline in {@code [from, limit)}, or {@code limit} when there is none. */
    static int next(ByteBuffer buf, int from, int limit) {
        int i = from;
        if (buf.order() == ByteOrder.LITTLE_ENDIAN) {
            while (i + 8 <= limit) {
                long found = mask(buf.getLong(i));
                if (found != 0) {
                    return i + (Long.numberOfTrailingZeros(found) >>> 3);
                }
                i += 8;
            }
        }
        while (i < limit && buf.get(i) != '\n') {
            i++;
        }
        return i;
    }

    /** The high bit of every byte of {@code word} that is a newline, no false positives. */
    private static long mask(long word) {
        long x = word ^ NEWLINES;
        return ~(((x & LOWS) + LOWS) | x | LOWS);
    }
}
