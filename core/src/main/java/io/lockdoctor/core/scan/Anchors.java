package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The prefilter's anchors: for every message {@link MessagePatterns} recognises, a rare word that each
 * of its forms must contain, whole, because the pattern spells it literally between white space
 * (wrapped pastes, quote markers, CRI and JSON envelopes only ever break the text between words;
 * records a container runtime split inside a word are re-joined by the window parser, which
 * {@link BlockScanner} calls at every partial record's end).
 *
 * <table>
 * <caption>anchors</caption>
 * <tr><th>message</th><th>anchor</th></tr>
 * <tr><td>HAPI-2153 Unable to obtain table lock (all variants)</td><td>obtain</td></tr>
 * <tr><td>Migration Lock Row added, Migration failed</td><td>Migration</td></tr>
 * <tr><td>Waiting for lock on</td><td>Waiting</td></tr>
 * <tr><td>Repairing lock table</td><td>Repairing</td></tr>
 * <tr><td>Successfully removed lock record</td><td>Successfully</td></tr>
 * <tr><td>Failed to delete migration lock record</td><td>migration</td></tr>
 * <tr><td>HAPI-2152 ... on unlocking, a competing lock</td><td>unlocking</td></tr>
 * <tr><td>HAPI-0047: Failure executing task</td><td>Failure</td></tr>
 * </table>
 *
 * <p>Two byte-pair tests, run eight positions at a time, flag every anchor: a byte of
 * {@code a c i k} followed by {@code i} (Waiting, obtain, Repairing, Failure, unlocking), and a byte
 * of {@code f g} followed four bytes on by {@code i} or {@code y} (Migration, migration, Successfully).
 * The common words of Java logs ("lock", "fail", "Exception") do not pass them; what does ("main",
 * "available", "Failed") is dropped by {@link #at} from a byte or two.
 */
final class Anchors {
    static final long ONES = 0x0101010101010101L;
    static final long HIGHS = 0x8080808080808080L;

    /** First test: (byte & MASK_A) == VALUE_A (a c i k), the next byte {@code i}. */
    static final long MASK_A = ONES * 0xF5;
    static final long VALUE_A = ONES * 'a';
    static final long NEXT_A = ONES * 'i';
    /** Second test: (byte & MASK_B) == VALUE_B (f g), four bytes on (byte & MASK_B4) == VALUE_B4 (i y). */
    static final long MASK_B = ONES * 0xFE;
    static final long VALUE_B = ONES * 'f';
    static final int DISTANCE_B = 4;
    static final long MASK_B4 = ONES * 0xEF;
    static final long VALUE_B4 = ONES * 'i';

    /** A rare word and the index, inside it, of the byte the tests flag. */
    enum Anchor {
        WAITING("Waiting", 1),
        OBTAIN("obtain", 3),
        REPAIRING("Repairing", 3),
        FAILURE("Failure", 1),
        UNLOCKING("unlocking", 5),
        SUCCESSFULLY("Successfully", 7),
        MIGRATION("Migration", 2),
        MIGRATION_LOWER("migration", 2);

        final byte[] word;
        final int flagged;

        Anchor(String word, int flagged) {
            this.word = word.getBytes(StandardCharsets.US_ASCII);
            this.flagged = flagged;
        }

        int length() {
            return word.length;
        }
    }

    private Anchors() {
    }

    /**
     * The high bit of every byte of the eight at {@code i} that the tests flag; {@code i + 12} must be
     * in the buffer. A flag may be false (the caller checks it with {@link #at}) but none is missing.
     */
    static long flags(ByteBuffer b, int i, long w) {
        long a = ((w & MASK_A) ^ VALUE_A) | (b.getLong(i + 1) ^ NEXT_A);
        long f = ((w & MASK_B) ^ VALUE_B) | ((b.getLong(i + DISTANCE_B) & MASK_B4) ^ VALUE_B4);
        return ((a - ONES) & ~a | (f - ONES) & ~f) & HIGHS;
    }

    /** What {@link #flags} says of the one byte at {@code j}, for the last bytes before a buffer's end. */
    static boolean flagged(ByteBuffer b, int j, int hi) {
        int c = b.get(j);
        if ((c & 0xF5) == 'a') {
            return j + 1 < hi && b.get(j + 1) == 'i';
        }
        return (c & 0xFE) == 'f' && j + DISTANCE_B < hi && (b.get(j + DISTANCE_B) & 0xEF) == 'i';
    }

    /**
     * The anchor whose flagged byte is at {@code j}, standing where a message can hold it: the whole
     * word inside {@code [lo, hi)} and followed by a byte that is no letter, digit or underscore (every
     * pattern has white space or a comma after it; an escape or colour sequence starts with another
     * byte). {@code null} for anything else.
     */
    static Anchor at(ByteBuffer b, int lo, int hi, int j) {
        Anchor anchor = candidate(b, lo, j);
        if (anchor == null) {
            return null;
        }
        int start = j - anchor.flagged;
        int end = start + anchor.length();
        if (start < lo || end >= hi || isWordByte(b.get(end))) {
            return null;
        }
        byte[] word = anchor.word;
        for (int k = 0; k < word.length; k++) {
            if (b.get(start + k) != word[k]) {
                return null;
            }
        }
        return anchor;
    }

    /** The one anchor the bytes at and just before {@code j} can belong to. */
    private static Anchor candidate(ByteBuffer b, int lo, int j) {
        switch (b.get(j)) {
            case 'a' -> {
                if (j - 1 < lo) {
                    return null;
                }
                return switch (b.get(j - 1)) {
                    case 'W' -> Anchor.WAITING;
                    case 'F' -> Anchor.FAILURE;
                    case 't' -> Anchor.OBTAIN;
                    case 'p' -> Anchor.REPAIRING;
                    default -> null;
                };
            }
            case 'k' -> {
                return Anchor.UNLOCKING;
            }
            case 'f' -> {
                return Anchor.SUCCESSFULLY;
            }
            case 'g' -> {
                if (j - 2 < lo) {
                    return null;
                }
                byte m = b.get(j - 2);
                return m == 'M' ? Anchor.MIGRATION : m == 'm' ? Anchor.MIGRATION_LOWER : null;
            }
            default -> {
                return null;
            }
        }
    }

    static boolean isWordByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
