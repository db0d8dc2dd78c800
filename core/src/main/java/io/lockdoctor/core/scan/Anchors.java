package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prefilter's anchors: for every message {@link MessagePatterns} recognises, a rare word of at
 * least seven bytes that each of its forms must contain, whole, because the pattern spells it
 * literally between white space (wrapped pastes, quote markers, CRI and JSON envelopes only ever break
 * the text between words; records a container runtime split inside a word are re-joined by the window
 * parser, which {@link BlockScanner} calls at every partial record's end).
 *
 * <table>
 * <caption>anchors</caption>
 * <tr><th>message</th><th>anchor</th></tr>
 * <tr><td>HAPI-2153 Unable to obtain table lock - another ... (all variants)</td><td>another</td></tr>
 * <tr><td>Migration Lock Row added, Migration failed</td><td>Migration</td></tr>
 * <tr><td>Waiting for lock on</td><td>Waiting</td></tr>
 * <tr><td>Repairing lock table</td><td>Repairing</td></tr>
 * <tr><td>Successfully removed lock record</td><td>Successfully</td></tr>
 * <tr><td>Failed to delete migration lock record</td><td>migration</td></tr>
 * <tr><td>HAPI-2152: Internal error: on unlocking, a competing lock was found</td><td>HAPI-2152:</td></tr>
 * <tr><td>HAPI-0047: Failure executing task</td><td>HAPI-0047:</td></tr>
 * </table>
 *
 * <p>How they are found without examining every byte: a word of seven bytes or more holds, wherever
 * it starts, four whole bytes starting at an input offset divisible by four. So the scan looks up
 * only the four bytes at each such offset (two per eight bytes read) in a small table of the
 * anchors' four-byte pieces, one piece per start offset modulo four, chosen rare ("Succ", "ssfu",
 * "sful", "full" for Successfully). The common words of Java logs ("lock", "fail", "Exception") are
 * never looked at; a piece found is checked against its whole anchor by {@link #at}.
 */
final class Anchors {
    /** A rare word; {@code pieces}: the start, in the word, of its piece for each start offset modulo four. */
    enum Anchor {
        ANOTHER("another", true, 0, 1, 2, 3),
        MIGRATION("Migration", true, 0, 1, 2, 3),
        MIGRATION_LOWER("migration", true, 0, 1, 2, 3),
        WAITING("Waiting", true, 0, 1, 2, 3),
        REPAIRING("Repairing", true, 0, 1, 2, 3),
        SUCCESSFULLY("Successfully", true, 0, 5, 6, 7),
        HAPI_2152("HAPI-2152:", false, 4, 5, 6, 3),
        HAPI_0047("HAPI-0047:", false, 4, 5, 6, 3);

        static final Anchor[] ALL = values();

        final byte[] word;
        /** The pattern has white space or a comma after the word: a letter, digit or _ there rules it out. */
        final boolean standsAlone;
        final int[] pieces;
        /** Up to eight first bytes as a little-endian word, and the mask of its bytes (seven or eight). */
        final long head;
        final long headMask;

        Anchor(String word, boolean standsAlone, int... pieces) {
            this.word = word.getBytes(StandardCharsets.US_ASCII);
            this.standsAlone = standsAlone;
            this.pieces = pieces;
            int headLength = Math.min(8, this.word.length);
            this.headMask = headLength == 8 ? -1L : (1L << (8 * headLength)) - 1;
            this.head = ByteBuffer.wrap(java.util.Arrays.copyOf(this.word, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        }
    }

    /** Table slots: a power of two, so few pieces rarely share one and the index needs no check. */
    private static final int BITS = 10;
    static final int SHIFT = 32 - BITS;
    /** Pieces as little-endian ints by slot; 0 where none (a run of NUL bytes there costs one check). */
    static final int[] PIECES = new int[1 << BITS];
    /** Per slot, the anchors holding its piece: ordinal &lt;&lt; 8 | the piece's start in the word. */
    private static final int[][] HOLDERS = new int[1 << BITS][];
    /** Multiplier of the slot hash, chosen so no two pieces share a slot. */
    static final int MULTIPLIER;
    /**
     * Per slot, the eight bytes from the piece's start that every anchor holding it spells there (as a
     * little-endian word), and the mask of those bytes: the piece and what follows it in the word.
     */
    private static final long[] FOLLOW = new long[1 << BITS];
    private static final long[] FOLLOW_MASK = new long[1 << BITS];

    static {
        Map<Integer, List<Integer>> holders = new HashMap<>();
        for (Anchor anchor : Anchor.ALL) {
            for (int start : anchor.pieces) {
                holders.computeIfAbsent(piece(anchor.word, start), k -> new ArrayList<>())
                        .add(anchor.ordinal() << 8 | start);
            }
        }
        int multiplier = 0x9E3779B1;
        while (!placesApart(holders.keySet(), multiplier)) {
            multiplier += 2;
        }
        MULTIPLIER = multiplier;
        java.util.Arrays.fill(HOLDERS, new int[0]);
        for (Map.Entry<Integer, List<Integer>> e : holders.entrySet()) {
            int slot = slot(e.getKey());
            PIECES[slot] = e.getKey();
            int[] list = new int[e.getValue().size()];
            for (int k = 0; k < list.length; k++) {
                list[k] = e.getValue().get(k);
            }
            HOLDERS[slot] = list;
            follow(slot, list);
        }
    }

    /** Fills {@link #FOLLOW} for {@code slot}: the bytes its {@code holders} all spell, from the piece on. */
    private static void follow(int slot, int[] holders) {
        long mask = -1L;
        long bytes = 0;
        for (int h = 0; h < holders.length; h++) {
            byte[] word = Anchor.ALL[holders[h] >>> 8].word;
            int start = holders[h] & 0xFF;
            long spelled = 0;
            long known = 0;
            for (int k = 0; k < 8 && start + k < word.length; k++) {
                spelled |= (word[start + k] & 0xFFL) << (8 * k);
                known |= 0xFFL << (8 * k);
            }
            mask &= h == 0 ? known : known & ~(spelled ^ bytes);
            bytes = h == 0 ? spelled : bytes;
        }
        FOLLOW[slot] = bytes & mask;
        FOLLOW_MASK[slot] = mask;
    }

    private Anchors() {
    }

    /** The table slot of a four-byte piece read as a little-endian int. */
    static int slot(int piece) {
        return (piece * MULTIPLIER) >>> SHIFT;
    }

    private static boolean placesApart(Iterable<Integer> pieces, int multiplier) {
        boolean[] used = new boolean[1 << BITS];
        for (int piece : pieces) {
            int slot = (piece * multiplier) >>> SHIFT;
            if (used[slot]) {
                return false;
            }
            used[slot] = true;
        }
        return true;
    }

    private static int piece(byte[] word, int start) {
        return (word[start] & 0xFF) | (word[start + 1] & 0xFF) << 8 | (word[start + 2] & 0xFF) << 16
                | (word[start + 3] & 0xFF) << 24;
    }

    /** Whether the four bytes at {@code p} are a piece of some anchor; {@code p + 4} must be in the buffer. */
    static boolean isPiece(ByteBuffer b, int p) {
        int piece = b.getInt(p);
        return PIECES[slot(piece)] == piece;
    }

    /**
     * Whether the piece in {@code slot} found at {@code p} may start the rest of an anchor: the bytes after
     * it in the word are those the anchors spell (most pieces found are in other words: Migrator, migrate).
     * Reads the eight bytes at {@code p} of a little-endian buffer; true when they are not all below {@code hi}.
     */
    static boolean mayContinue(ByteBuffer b, int p, int slot, int hi) {
        return p + 8 > hi || (b.getLong(p) & FOLLOW_MASK[slot]) == FOLLOW[slot];
    }

    /** The anchors that may hold the piece in {@code slot}: ordinal &lt;&lt; 8 | the piece's start in the word. */
    static int[] holders(int slot) {
        return HOLDERS[slot];
    }

    /**
     * Whether {@code anchor} stands at {@code start} as a message can hold it: the whole word inside
     * {@code [lo, hi)} and, for a word the pattern follows with white space or a comma, followed by a
     * byte that is no letter, digit or underscore (an escape or colour sequence starts with another byte).
     */
    static boolean at(ByteBuffer b, int lo, int hi, Anchor anchor, int start) {
        byte[] word = anchor.word;
        int end = start + word.length;
        if (start < lo || end >= hi || (anchor.standsAlone && isWordByte(b.get(end)))) {
            return false;
        }
        int k = 0;
        // Most pieces found belong to other words (Migrator, migrate): eight bytes at once tell. The
        // eighth byte of a seven-byte word is the one at end, inside the buffer.
        if (b.order() == ByteOrder.LITTLE_ENDIAN) {
            if ((b.getLong(start) & anchor.headMask) != anchor.head) {
                return false;
            }
            k = Math.min(8, word.length);
        }
        for (; k < word.length; k++) {
            if (b.get(start + k) != word[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether some anchor may stand at {@code start} as {@link #at} would accept it, judged on the bytes
     * below {@code limit} only: an anchor that would need a byte from {@code limit} on counts as standing.
     */
    static boolean mayStandAt(ByteBuffer b, int start, int limit) {
        for (Anchor anchor : Anchor.ALL) {
            byte[] word = anchor.word;
            int known = Math.min(word.length, limit - start);
            int k = 0;
            while (k < known && b.get(start + k) == word[k]) {
                k++;
            }
            int end = start + word.length;
            if (k == known && (end >= limit || !anchor.standsAlone || !isWordByte(b.get(end)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWordByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
