package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;

/**
 * The fast path: one pass over the bytes, eight at a time (SWAR), counting newlines and flagging the
 * two byte patterns every message contains: {@code o?k} (lock, Lock) and {@code a?l} (failed,
 * Failure). A flagged position goes through a few byte comparisons (whole word, the word before it)
 * and only then to the {@link WindowParser}. Real logs have few candidates, so the loop runs at
 * memory speed. A crash-looping node's log has millions: a candidate in HAPI's exact wording is read
 * by {@link ExactMessages} on its line alone, and the other candidates inside a message already
 * reported are skipped, so each message costs the same however many there are.
 *
 * <p>CRI and Docker split long lines into partial records, which can cut a word in two; in such
 * files (and only there) the end of every partial record is handed to the window parser, which
 * re-joins it with the next record. Runtimes split at 8 or 16 KB, but nothing here relies on it.
 */
final class BlockScanner {
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long NL = ONES * '\n';
    private static final long PO = ONES * 'o';
    private static final long PK = ONES * 'k';
    private static final long PA = ONES * 'a';
    private static final long PL = ONES * 'l';

    private static final byte[][] WORDS_BEFORE_LOCK = ascii("table", "the", "The", "Migration", "for",
            "Repairing", "removed", "migration", "competing");
    private static final byte[][] WORDS_BEFORE_FAILED = ascii("Migration");
    /** "lock" and "fail" read little-endian; OR-ing 0x20 into the low byte folds 'L' and 'F' only. */
    private static final int LOCK_WORD = 'l' | 'o' << 8 | 'c' << 16 | 'k' << 24;
    private static final int FAIL_WORD = 'f' | 'a' << 8 | 'i' << 16 | 'l' << 24;
    private static final byte[] HAPI_0047 = "HAPI-0047".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DOCKER_OPEN = "{\"log\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DOCKER_STREAM = "\",\"stream\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final WindowParser parser;
    private final MatchCollector collector;
    private final boolean exactMessages;
    private final ExactMessages.RecentText tables = new ExactMessages.RecentText();
    /** Input offset up to which the text belongs to a message already reported. */
    private long reportedUntil = Long.MIN_VALUE;
    private final long[] recent = new long[64];
    private int recentNext;

    private ByteBuffer buf;
    private int lo;
    private int hi;
    private boolean loIsInputStart;
    private boolean hiIsInputEnd;
    private long base;
    private int reportFrom;
    private int reportTo;
    private boolean trackPartials;
    private long lastNewline = Long.MIN_VALUE / 2;
    /** Buffer index where the last repeated message read ends: the scan may resume there. */
    private int repeatedEnd;

    private final WindowParser.Sink sink = this::accept;

    /** @param exactMessages read HAPI's exact wording without the window parser (off only to compare both ways) */
    BlockScanner(WindowParser parser, MatchCollector collector, boolean exactMessages) {
        this.parser = parser;
        this.collector = collector;
        this.exactMessages = exactMessages;
        java.util.Arrays.fill(recent, -1);
    }

    /**
     * @param base       input offset of buffer index 0
     * @param reportFrom messages starting before this buffer index belong to someone else
     * @param reportTo   messages starting at or after it belong to someone else
     */
    void reset(ByteBuffer buffer, int lo, int hi, boolean loIsInputStart, boolean hiIsInputEnd, long base,
            int reportFrom, int reportTo, boolean trackPartials) {
        this.hiIsInputEnd = hiIsInputEnd;
        this.buf = buffer;
        this.lo = lo;
        this.hi = hi;
        this.loIsInputStart = loIsInputStart;
        this.base = base;
        this.reportFrom = reportFrom;
        this.reportTo = reportTo;
        this.trackPartials = trackPartials;
        this.repeatedEnd = 0;
    }

    /** Finds the newline before {@code from} so partial-line tracking starts right in a chunk. */
    void initLastNewline(int from) {
        int i = from - 1;
        while (i >= lo && buf.get(i) != '\n') {
            i--;
        }
        lastNewline = i >= lo ? base + i : (loIsInputStart ? base + lo - 1 : Long.MIN_VALUE / 2);
    }

    /** Scans {@code [from, to)}; returns the newline count at {@code to}. */
    long scan(int from, int to, long linesAtFrom) {
        final ByteBuffer b = buf;
        final boolean track = trackPartials;
        long lines = linesAtFrom;
        int i = from;
        int limit = Math.min(to - 8, hi - 10);
        while (i <= limit) {
            long w = b.getLong(i);
            long w2 = b.getLong(i + 2);
            long x = w ^ NL;
            long nl = ~(((x & LOWS) + LOWS) | x | LOWS);
            long lk = (w ^ PO) | (w2 ^ PK);
            long fl = (w ^ PA) | (w2 ^ PL);
            long cand = (((lk - ONES) & ~lk) | ((fl - ONES) & ~fl)) & HIGHS;
            if (cand != 0) {
                candidates(i, cand, nl, lines);
            }
            if (track && nl != 0) {
                newlines(i, nl, lines);
            }
            lines += Long.bitCount(nl);
            i += 8;
            if (repeatedEnd > i) {
                // The rest of a repeated message holds no newline and no other message; lines after it
                // that repeat it too are read without scanning their bytes.
                lines += parser.readRepeats(b, hi, repeatedEnd, to, lines + 1, sink);
                i = Math.min(parser.repeatsEnd(), to);
            }
        }
        for (; i < to; i++) {
            byte c = b.get(i);
            if (c == '\n') {
                if (track) {
                    newline(i, lines);
                }
                lines++;
            } else if ((c == 'o' || c == 'a') && i + 3 < hi && i - 1 >= lo) {
                check(i, lines);
            }
        }
        return lines;
    }

    private void candidates(int i, long cand, long nl, long lines) {
        final ByteBuffer b = buf;
        long m = cand;
        while (m != 0) {
            int j = i + (Long.numberOfTrailingZeros(m) >>> 3);
            m &= m - 1;
            // Most flags are work, took, ReentrantLock, available...: one 4-byte compare drops them.
            if (j - 2 >= lo) {
                int word = b.getInt(j - 1) | 0x20;
                // ...and the byte before must separate words (ReentrantLock.lock, LockAcquisition...)
                if ((word == LOCK_WORD || word == FAIL_WORD) && isSeparatorOrEscape(j - 2)) {
                    int k = j - i;
                    long below = k == 0 ? 0 : nl & ((1L << (k * 8)) - 1);
                    check(j, lines + Long.bitCount(below));
                }
            }
        }
    }

    /** White space, a quote marker, or a JSON escape ({@code \n}, {@code \t}, {@code \r}) ending at {@code p}. */
    private boolean isSeparatorOrEscape(int p) {
        byte c = buf.get(p);
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '>') {
            return true;
        }
        // HapiMigrationLock, FailedLock...: a letter, unless it ends an escape
        return (c == 'n' || c == 't' || c == 'r') && p - 1 >= lo && buf.get(p - 1) == '\\';
    }

    private void newlines(int i, long nl, long lines) {
        long m = nl;
        long n = lines;
        while (m != 0) {
            int k = Long.numberOfTrailingZeros(m) >>> 3;
            m &= m - 1;
            newline(i + k, n++);
        }
    }

    private void newline(int p, long linesBefore) {
        long abs = base + p;
        long previous = lastNewline;
        lastNewline = abs;
        int start = (int) Math.max(lo, previous + 1 - base);
        if (isPartialRecord(start, p)) {
            parser.parse(buf, lo, hi, loIsInputStart, hiIsInputEnd, p, linesBefore, sink);
        }
    }

    private boolean isPartialRecord(int start, int end) {
        if (end - start < 30) {
            return false;
        }
        if (buf.get(start) != '{') {
            int cri = PhysicalLine.criHeader(buf, start, end);
            return cri > 0 && buf.get(cri - 2) == 'P';
        }
        if (!startsWith(start, DOCKER_OPEN)) {
            return false;
        }
        for (int i = end - DOCKER_STREAM.length; i >= Math.max(start, end - 160); i--) {
            if (startsWith(i, DOCKER_STREAM)) {
                return !(buf.get(i - 2) == '\\' && buf.get(i - 1) == 'n');
            }
        }
        return false;
    }

    /** {@code j} is the 'o' of o?k or the 'a' of a?l, as the SWAR masks flagged it. */
    private void check(int j, long line) {
        final ByteBuffer b = buf;
        final int low = lo;
        int w = j - 1;
        if (w < low || j + 3 > hi || base + j < reportedUntil) {
            return;
        }
        int word = b.getInt(w) | 0x20;
        if (word == LOCK_WORD) {
            if (isWordBefore(w) || (w + 4 < hi && isWordByte(b.get(w + 4)))) {
                return; // ReentrantLock, block, locks, unlocking: not the word
            }
            if (!readRepeated(w, line) && previousWordIsOneOf(w - 1, WORDS_BEFORE_LOCK) && !readExact(w, line)) {
                parser.parse(b, low, hi, loIsInputStart, hiIsInputEnd, j, line, sink);
            }
        } else if (word == FAIL_WORD) {
            if (isWordBefore(w) || w + 7 > hi) {
                return;
            }
            byte c = b.get(w);
            if (c == 'f' && b.get(w + 4) == 'e' && b.get(w + 5) == 'd') {
                if (!readRepeated(w, line) && previousWordIsOneOf(w - 1, WORDS_BEFORE_FAILED)
                        && !readExact(w, line)) {
                    parser.parse(b, low, hi, loIsInputStart, hiIsInputEnd, j, line, sink);
                }
            } else if (c == 'F' && b.get(w + 4) == 'u' && b.get(w + 5) == 'r' && b.get(w + 6) == 'e') {
                int p = skipSeparators(w - 1);
                if (p >= low + HAPI_0047.length && b.get(p) == ':' && startsWith(p - HAPI_0047.length, HAPI_0047)) {
                    parser.parse(b, low, hi, loIsInputStart, hiIsInputEnd, j, line, sink);
                }
            }
        }
    }

    /**
     * Reports the message at {@code w} when its line repeats one read in exact wording, as a crash loop's
     * lines do, by comparing the two lines; the scan may then resume at its end.
     */
    private boolean readRepeated(int w, long line) {
        int end = exactMessages ? parser.reportRepeated(buf, lo, hi, loIsInputStart, trackPartials, w, line, sink) : -1;
        if (end < 0) {
            return false;
        }
        repeatedEnd = end;
        return true;
    }

    /** Reports the message at {@code w} when it is in HAPI's exact wording on one line; false: use the window. */
    private boolean readExact(int w, long line) {
        if (!exactMessages) {
            return false;
        }
        MessagePatterns.Hit hit = ExactMessages.at(buf, lo, hi, w, tables);
        return hit != null
                && parser.reportExact(buf, lo, hi, loIsInputStart, hiIsInputEnd, trackPartials, hit, w, line, sink);
    }

    /** A letter or digit right before {@code w}, other than the n/t/r of a JSON escape. */
    private boolean isWordBefore(int w) {
        if (w - 1 < lo) {
            return false;
        }
        return isWordByte(buf.get(w - 1)) && !(w - 2 >= lo && buf.get(w - 2) == '\\');
    }

    /** Index of the last byte before {@code p} (inclusive) that is not white space, a quote marker or a JSON escape. */
    private int skipSeparators(int p) {
        int i = p;
        while (i >= lo) {
            byte c = buf.get(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>') {
                i--;
            } else if ((c == 'n' || c == 't' || c == 'r') && i - 1 >= lo && buf.get(i - 1) == '\\') {
                i -= 2;
            } else {
                break;
            }
        }
        return i;
    }

    private boolean previousWordIsOneOf(int p, byte[][] words) {
        int end = skipSeparators(p);
        if (end == p || end < lo) {
            return false; // no separator: part of a longer token such as ReentrantLock.lock
        }
        for (byte[] word : words) {
            int start = end - word.length + 1;
            if (start >= lo && startsWith(start, word) && (start - 1 < lo || !isWordByte(buf.get(start - 1))
                    || (start - 2 >= lo && buf.get(start - 2) == '\\'))) {
                return true;
            }
        }
        return false;
    }

    private boolean startsWith(int at, byte[] prefix) {
        if (at < lo || at + prefix.length > hi) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf.get(at + k) != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWordByte(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private void accept(FoundMessage m) {
        // A message starting past everything reported so far cannot have been reported before.
        boolean maybeSeen = base + m.start < reportedUntil;
        // Messages never overlap: later candidates inside this one cannot start another.
        reportedUntil = Math.max(reportedUntil, base + m.end);
        if (m.start < reportFrom || m.start >= reportTo) {
            return;
        }
        long key = (base + m.start) * 16 + m.kind.ordinal();
        if (maybeSeen) {
            for (long r : recent) {
                if (r == key) {
                    return;
                }
            }
        }
        recent[recentNext] = key;
        recentNext = (recentNext + 1) % recent.length;
        collector.add(m);
    }

    private static byte[][] ascii(String... words) {
        byte[][] out = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            out[i] = words[i].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        return out;
    }
}
