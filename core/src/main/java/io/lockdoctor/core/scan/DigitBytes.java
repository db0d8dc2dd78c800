package io.lockdoctor.core.scan;

/**
 * The ASCII digits among eight bytes read as one little-endian word, found without a branch per byte:
 * the timestamps and retry numbers of the lines a crash loop repeats by the million are read this way.
 */
final class DigitBytes {
    private static final long ONES = 0x0101010101010101L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long ZEROS = ONES * '0';

    private DigitBytes() {
    }

    /** The high bit of every byte of {@code word} that is a digit, the other bits clear. */
    static long mask(long word) {
        long x = word ^ ZEROS; // a digit becomes its value, 0 to 9; any other byte 10 or more
        // (x & 0x7F) + 118 stays below 256, so no byte carries into the next; its high bit is set from 10 on.
        return ~((x & LOWS) + ONES * (0x80 - 10)) & ~x & HIGHS;
    }

    /** The value of the digit at byte {@code index} of {@code word} (known to be a digit). */
    static int at(long word, int index) {
        return (int) (word >>> (8 * index)) & 0x0F;
    }

    /** The index of the first byte at or after {@code from} that is no digit, 8 when none; {@code digits} from {@link #mask}. */
    static int firstOther(long digits, int from) {
        long others = ~digits & HIGHS & (-1L << (8 * from));
        return Long.numberOfTrailingZeros(others) >>> 3;
    }
}
