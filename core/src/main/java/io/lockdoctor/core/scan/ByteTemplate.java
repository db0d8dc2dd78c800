package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bytes copied out of the input, compared with the input elsewhere eight at a time. */
final class ByteTemplate {
    private final byte[] bytes;
    /** {@link #bytes} as words in {@link #order}, the last one ending where the bytes end (it may overlap). */
    private final long[] words;
    private final ByteOrder order;

    /** The bytes {@code [from, to)} of {@code b}. */
    ByteTemplate(ByteBuffer b, int from, int to) {
        bytes = new byte[to - from];
        b.get(from, bytes);
        order = b.order();
        int n = bytes.length / 8;
        boolean tail = bytes.length % 8 != 0 && n > 0;
        words = new long[n + (tail ? 1 : 0)];
        ByteBuffer view = ByteBuffer.wrap(bytes).order(order);
        for (int k = 0; k < n; k++) {
            words[k] = view.getLong(8 * k);
        }
        if (tail) {
            words[n] = view.getLong(bytes.length - 8);
        }
    }

    int length() {
        return bytes.length;
    }

    /** Whether {@code b} holds these bytes at {@code at}; the caller checks that they lie below its end. */
    boolean isAt(ByteBuffer b, int at) {
        if (b.order() != order || words.length == 0) {
            return isAtByBytes(b, at);
        }
        // One branch for the whole comparison: a crash loop's lines all match, the last word overlapping.
        long[] w = words;
        int last = w.length - 1;
        long diff = b.getLong(at + bytes.length - 8) ^ w[last];
        for (int k = 0; k < last; k++) {
            diff |= b.getLong(at + 8 * k) ^ w[k];
        }
        return diff == 0;
    }

    private boolean isAtByBytes(ByteBuffer b, int at) {
        for (int k = 0; k < bytes.length; k++) {
            if (b.get(at + k) != bytes[k]) {
                return false;
            }
        }
        return true;
    }
}
