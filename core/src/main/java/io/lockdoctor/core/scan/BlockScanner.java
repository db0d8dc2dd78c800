package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;

/**
 * The fast path: one pass over the bytes, eight at a time (SWAR), counting newlines and flagging the
 * rare words every message contains ({@link Anchors}: another, Waiting, Migration...). A found word
 * goes to the {@link WindowParser} only when it stands as a word; the common words of Java logs never
 * get that far, so the loop runs at memory speed. A crash-looping node's log has millions of messages:
 * one in HAPI's exact wording is read by {@link ExactMessages} on its line alone, and the anchors
 * inside a message already reported are skipped, so each message costs the same however many there are.
 * A line that repeats one read that way but for its time is recognised by comparing bytes
 * ({@link WindowParser#reportRepeated}); the scan then resumes at its end, and the lines right after it
 * that repeat it too are read without scanning their bytes ({@link WindowParser#readRepeats}).
 *
 * <p>CRI and Docker split long lines into partial records, which can cut a word in two; in such
 * files (and only there) the end of every partial record is handed to the window parser, which
 * re-joins it with the next record. Runtimes split at 8 or 16 KB, but nothing here relies on it.
 */
final class BlockScanner {
    private static final long ONES = 0x0101010101010101L;
    private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;
    private static final long NL = ONES * '\n';
    /** Low bytes of each eight: the first four-byte piece looked up. */
    private static final long FIRST_HALF = 0xFFFFFFFFL;
    private static final byte[] DOCKER_OPEN = "{\"log\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DOCKER_STREAM = "\",\"stream\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final WindowParser parser;
    private final MatchCollector collector;
    private final boolean exactMessages;
    private final ExactMessages.RecentText tables = new ExactMessages.RecentText();
    /** Input offset up to which the text belongs to a message already reported. */
    private long reportedUntil = Long.MIN_VALUE;
    /** Keys of the messages reported last (a power of two of them). */
    private static final int RECENT = 64;
    private final long[] recent = new long[RECENT];
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
        // Pieces are looked up at input offsets divisible by four, so eight bytes start at one.
        int i = from;
        int aligned = Math.min(to, from + (int) ((-(base + from)) & 3));
        for (; i < aligned; i++) {
            lines = byteAt(i, lines, false);
        }
        int limit = Math.min(to, hi) - 8;
        while (i <= limit) {
            if (!track) {
                long skipped = skip(b, i, limit, hi);
                lines += skipped >>> 32;
                i = (int) skipped;
                if (i > limit) {
                    break;
                }
            }
            long w = b.getLong(i);
            long nl = newlineMask(w);
            if (hasPiece(w)) {
                candidates(i, (int) w, (int) (w >>> 32), nl, lines);
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
                // ...and the scan goes on byte by byte up to an offset divisible by four again.
                for (; i < to && ((base + i) & 3) != 0; i++) {
                    lines = byteAt(i, lines, false);
                }
            }
        }
        for (; i < to; i++) {
            lines = byteAt(i, lines, ((base + i) & 3) == 0);
        }
        return lines;
    }

    /**
     * Skips the words from {@code from} up to {@code limit} that hold no piece of an anchor, or only pieces
     * the bytes after them rule out ({@link Anchors#mayContinue}, {@code hi} the end of the data): the whole
     * scan of a log without lock messages. Loops of their own, small, without calls or fields, so the
     * compiler makes them tight counted loops early; sixteen bytes a turn with one branch. Returns the
     * newlines skipped &lt;&lt; 32 | the index of the first word holding a piece that may start an anchor
     * (past {@code limit} for none).
     */
    private static long skip(ByteBuffer b, int from, int limit, int hi) {
        long newlines = 0;
        int i = from;
        while (true) {
            for (; i <= limit - 8; i += 16) {
                long w = b.getLong(i);
                long v = b.getLong(i + 8);
                if (hasPiece(w) | hasPiece(v)) {
                    break;
                }
                newlines += Long.bitCount(newlineMask(w)) + Long.bitCount(newlineMask(v));
            }
            if (i > limit) {
                return newlines << 32 | i;
            }
            // the word at i on its own: a piece in it the next bytes do not rule out ends the skip
            long w = b.getLong(i);
            if (hasPiece(w) && mayStartAnchor(b, i, w, hi)) {
                return newlines << 32 | i;
            }
            newlines += Long.bitCount(newlineMask(w));
            i += 8;
        }
    }

    /** Whether either four-byte half of the word {@code w} is a piece of an anchor. */
    private static boolean hasPiece(long w) {
        int p0 = (int) w;
        int p1 = (int) (w >>> 32);
        return Anchors.PIECES[Anchors.slot(p0)] == p0 | Anchors.PIECES[Anchors.slot(p1)] == p1;
    }

    /** Whether a piece in the word {@code w} at {@code i} may start an anchor, as far as the bytes after it tell. */
    private static boolean mayStartAnchor(ByteBuffer b, int i, long w, int hi) {
        int p0 = (int) w;
        int p1 = (int) (w >>> 32);
        int slot0 = Anchors.slot(p0);
        int slot1 = Anchors.slot(p1);
        return Anchors.PIECES[slot0] == p0 && Anchors.mayContinue(b, i, slot0, hi)
                || Anchors.PIECES[slot1] == p1 && Anchors.mayContinue(b, i + 4, slot1, hi);
    }

    /** The high bit of each newline among the eight bytes of {@code w}, the other bits clear. */
    private static long newlineMask(long w) {
        long x = w ^ NL;
        return ~(((x & LOWS) + LOWS) | x | LOWS);
    }

    /** The byte at {@code i} on its own; {@code piece}: a piece may start there. Returns the newlines after it. */
    private long byteAt(int i, long lines, boolean piece) {
        if (piece && i + 4 <= hi && Anchors.isPiece(buf, i)) {
            piece(i, Anchors.slot(buf.getInt(i)), lines);
        }
        if (buf.get(i) == '\n') {
            if (trackPartials) {
                newline(i, lines);
            }
            return lines + 1;
        }
        return lines;
    }

    private void candidates(int i, int p0, int p1, long nl, long lines) {
        int slot0 = Anchors.slot(p0);
        if (Anchors.PIECES[slot0] == p0 && Anchors.mayContinue(buf, i, slot0, hi)) {
            piece(i, slot0, lines);
        }
        int slot1 = Anchors.slot(p1);
        if (Anchors.PIECES[slot1] == p1 && Anchors.mayContinue(buf, i + 4, slot1, hi)) {
            piece(i + 4, slot1, lines + Long.bitCount(nl & FIRST_HALF));
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

    /**
     * The four bytes at {@code p} are the piece in {@code slot}: each anchor holding it is checked
     * whole, then its message read. {@code line} counts the newlines before {@code p}.
     */
    private void piece(int p, int slot, long line) {
        for (int holder : Anchors.holders(slot)) {
            Anchors.Anchor anchor = Anchors.Anchor.ALL[holder >>> 8];
            int start = p - (holder & 0xFF);
            if (base + start >= reportedUntil && Anchors.at(buf, lo, hi, anchor, start)
                    && !readRepeated(start, line) && !readExact(anchor, start, line)) {
                parser.parse(buf, lo, hi, loIsInputStart, hiIsInputEnd, start, line, sink);
            }
        }
    }

    /**
     * Reports the message holding the anchor at {@code start} when its line repeats one read in exact
     * wording, as a crash loop's lines do, by comparing the two lines; the scan may then resume at its end.
     */
    private boolean readRepeated(int start, long line) {
        int end = exactMessages
                ? parser.reportRepeated(buf, lo, hi, loIsInputStart, trackPartials, start, line, sink) : -1;
        if (end < 0) {
            return false;
        }
        repeatedEnd = end;
        return true;
    }

    /** Reports the message at the anchor when it is in HAPI's exact wording on one line; false: use the window. */
    private boolean readExact(Anchors.Anchor anchor, int start, long line) {
        if (!exactMessages) {
            return false;
        }
        MessagePatterns.Hit hit = ExactMessages.at(buf, lo, hi, anchor, start, tables);
        return hit != null
                && parser.reportExact(buf, lo, hi, loIsInputStart, hiIsInputEnd, trackPartials, hit, start, line,
                        sink);
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

    /**
     * Reports {@code m} to the collector unless another chunk owns it or it was reported already. Too
     * big for the compiler to inline, on purpose: compiled once, not again into every caller.
     */
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
        recentNext = (recentNext + 1) & (RECENT - 1);
        collector.add(m);
    }
}
