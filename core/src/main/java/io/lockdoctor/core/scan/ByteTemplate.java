package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Bytes copied out of the input, compared with the input elsewhere eight at a time. */
final class ByteTemplate {
    private final byte[] bytes;
    /** {@link #bytes} as words in {@link #order}. */
    private final long[] words;
    private final ByteOrder order;

    /** The bytes {@code [from, to)} of {@code b}. */
    ByteTemplate(ByteBuffer b, int from, int to) {
        bytes = new byte[to - from];
        b.get(from, bytes);
        order = b.order();
        words = new long[bytes.length / 8];
        ByteBuffer view = ByteBuffer.wrap(bytes).order(order);
        for (int k = 0; k < words.length; k++) {
            words[k] = view.getLong(8 * k);
        }
    }

    int length() {
        return bytes.length;
    }

    /** Whether {@code b} holds these bytes at {@code at}; the caller checks that they lie below its end. */
    boolean isAt(ByteBuffer b, int at) {
        int k = 0;
        if (b.order() == order) {
            for (long word : words) {
                if (b.getLong(at + k) != word) {
                    return false;
                }
                k += 8;
            }
        }
        for (; k < bytes.length; k++) {
            if (b.get(at + k) != bytes[k]) {
                return false;
            }
        }
        return true;
    }
}
