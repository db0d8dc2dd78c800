package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;

/**
 * The fast path: one pass over the bytes, eight at a time (SWAR), counting newlines and flagging the
 * rare words every message contains ({@link Anchors}: obtain, Waiting, Migration...). A flagged word
 * goes to the {@link WindowParser} only when it stands as a word; the common words of Java logs never
 * get that far, so the loop runs at memory speed. A crash-looping node's log has millions of messages:
 * one in HAPI's exact wording is read by {@link ExactMessages} on its line alone, and the anchors
 * inside a message already reported are skipped, so each message costs the same however many there are.
 *
 * <p>CRI and Docker split long lines into partial records, which can cut a word in two; in such
 * files (and only there) the end of every partial record is handed to the window parser, which
 * re-joins it with the next record. Runtimes split at 8 or 16 KB, but nothing here relies on it.
 */
final class BlockScanner {
    private static final long ONES = Anchors.ONES;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long NL = ONES * '\n';
    /** Bytes past a word's start the loop reads: the flag tests look four bytes on. */
    private static final int LOOKAHEAD = 8 + Anchors.DISTANCE_B;

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
        int limit = Math.min(to - 8, hi - LOOKAHEAD);
        while (i <= limit) {
            long w = b.getLong(i);
            long x = w ^ NL;
            long nl = ~(((x & LOWS) + LOWS) | x | LOWS);
            long flags = Anchors.flags(b, i, w);
            if (flags != 0) {
                candidates(i, flags, nl, lines);
            }
            if (track && nl != 0) {
                newlines(i, nl, lines);
            }
            lines += Long.bitCount(nl);
            i += 8;
        }
        for (; i < to; i++) {
            if (b.get(i) == '\n') {
                if (track) {
                    newline(i, lines);
                }
                lines++;
            } else if (Anchors.flagged(b, i, hi)) {
                check(i, lines);
            }
        }
        return lines;
    }

    private void candidates(int i, long flags, long nl, long lines) {
        long m = flags;
        while (m != 0) {
            int k = Long.numberOfTrailingZeros(m) >>> 3;
            m &= m - 1;
            long below = k == 0 ? 0 : nl & ((1L << (k * 8)) - 1);
            check(i + k, lines + Long.bitCount(below));
        }
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

    /** {@code j} is a byte the anchor tests flagged; {@code line} counts the newlines before it. */
    private void check(int j, long line) {
        if (base + j < reportedUntil) {
            return; // inside a message already reported
        }
        Anchors.Anchor anchor = Anchors.at(buf, lo, hi, j);
        if (anchor == null) {
            return;
        }
        int start = j - anchor.flagged;
        if (anchor == Anchors.Anchor.FAILURE && !followsCode(start, HAPI_0047)) {
            return;
        }
        if (!readExact(anchor, start, line)) {
            parser.parse(buf, lo, hi, loIsInputStart, hiIsInputEnd, start, line, sink);
        }
    }

    /** {@code code} and a colon, then only white space, quote markers or escapes, right before {@code p}. */
    private boolean followsCode(int p, byte[] code) {
        int colon = skipSeparators(p - 1);
        return colon >= lo + code.length && buf.get(colon) == ':' && startsWith(colon - code.length, code);
    }

    /** Reports the message at the anchor when it is in HAPI's exact wording on one line; false: use the window. */
    private boolean readExact(Anchors.Anchor anchor, int start, long line) {
        if (!exactMessages) {
            return false;
        }
        MessagePatterns.Hit hit = ExactMessages.at(buf, lo, hi, anchor, start, tables);
        return hit != null
                && parser.reportExact(buf, lo, hi, loIsInputStart, hiIsInputEnd, trackPartials, hit, line, sink);
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

    private void accept(MessagePatterns.Hit hit, int startIndex, int endIndex, long line, LogTimestamp timestamp) {
        // A message starting past everything reported so far cannot have been reported before.
        boolean maybeSeen = base + startIndex < reportedUntil;
        // Messages never overlap: later anchors inside this one cannot start another.
        reportedUntil = Math.max(reportedUntil, base + endIndex);
        if (startIndex < reportFrom || startIndex >= reportTo) {
            return;
        }
        long key = (base + startIndex) * 16 + hit.kind().ordinal();
        if (maybeSeen) {
            for (long r : recent) {
                if (r == key) {
                    return;
                }
            }
        }
        recent[recentNext] = key;
        recentNext = (recentNext + 1) % recent.length;
        collector.add(new RawMatch(hit.kind(), hit.table(), hit.uuid(), hit.code(), base + startIndex, line,
                timestamp));
    }
}
