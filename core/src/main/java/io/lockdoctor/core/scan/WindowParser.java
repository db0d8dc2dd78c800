package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.time.ZoneId;

/**
 * The slow path. Given a position the byte prefilter flagged, rebuilds the log text around it (physical
 * lines with envelopes stripped, JSON unescaped, CRI/Docker partial records re-joined, wrapped lines
 * joined) and reports the messages that cover that position. Everything is bounded: a window of a few
 * KB, line starts and ends searched at most {@link #LINE_SEARCH} bytes away.
 */
final class WindowParser {
    /** How far before and after the trigger message text is looked for (the longest message is ~400 chars). */
    static final int BACK = 2048;
    static final int FWD = 2048;
    /** How far a line's start or end is searched to read its envelope (CRI partials are 16 KB). */
    static final int LINE_SEARCH = 32 * 1024;
    /** How far back the log event owning a stack-trace line is searched for its timestamp. */
    static final int TIME_LOOKBACK = 32 * 1024;
    /** Bytes a caller must keep available before and after a trigger. */
    static final int MARGIN = Math.max(BACK, FWD) + LINE_SEARCH + TIME_LOOKBACK + 1024;

    /** Enough for the longest message wrapped one word per line; bounds windows of empty lines. */
    private static final int MAX_LINES_BACK = 160;
    private static final int MAX_LINES_FWD = 160;
    /** A match ending this close to a window cut may continue beyond it: a later trigger reports it. */
    private static final int CUT_SLACK = 80;
    private static final int MAX_LOOKBACK_LINES = 2000;

    /** Receives a message found; the message is refilled for the next one once this returns. */
    interface Sink {
        void accept(FoundMessage message);
    }

    private final ZoneId logZone;
    private final PhysicalLine[] lines = new PhysicalLine[MAX_LINES_BACK + MAX_LINES_FWD + 2];
    private final int[] logicalStart = new int[lines.length];
    private final MappedText logical = new MappedText(8192);
    private final PhysicalLine probe = new PhysicalLine();
    private final PhysicalLine single = new PhysicalLine();
    private final MappedText lineHead = new MappedText(64);
    /** Where the timestamp {@link #otherPlainLineTime} read ends, with its zone and without. */
    private final int[] stampEnd = new int[2];
    private final LogbackTimes logbackTimes = new LogbackTimes();
    /** The last wait and the last failed migration read from a line with a timestamp of its own. */
    private final RepeatedTimedLine repeatedWait = new RepeatedTimedLine();
    private final RepeatedTimedLine repeatedFailure = new RepeatedTimedLine();
    /** Both, the wait first, as {@link #reportRepeated} tries them. */
    private final RepeatedTimedLine[] repeatedTimed = {repeatedWait, repeatedFailure};
    private final RepeatedLine repeatedLine = new RepeatedLine();
    private final FoundMessage found = new FoundMessage();
    /** {@link #lookBackLocal}'s answer when not in local millis. */
    private LogTimestamp lookedBack;
    /** Where the last of the repeats {@link #readRepeats} read ends. */
    private int repeatsEnd;

    private ByteBuffer buf;
    private int lo;
    private boolean loIsInputStart;
    private int count;
    /** The window starts inside its first line: only that line's head and its tail in the window were read. */
    private boolean firstClipped;

    WindowParser(ZoneId logZone) {
        this.logZone = logZone;
    }

    /**
     * @param lo             first valid buffer index
     * @param hi             end of valid data
     * @param loIsInputStart {@code lo} is the first byte of the input (so a line starts there)
     * @param t              the trigger's buffer index
     * @param hiIsInputEnd   {@code hi} is the end of the input
     * @param tLine          newlines before {@code t}, counted from the caller's origin
     */
    void parse(ByteBuffer buffer, int lo, int hi, boolean loIsInputStart, boolean hiIsInputEnd, int t, long tLine,
            Sink sink) {
        this.buf = buffer;
        this.lo = lo;
        this.loIsInputStart = loIsInputStart;
        int ws = Math.max(lo, t - BACK);
        int we = Math.min(hi, t + FWD);

        // Line starts backwards from t: at most MAX_LINES_BACK lines or BACK bytes.
        int newlines = 0;
        int s0 = -1;
        int i = t - 1;
        while (i >= ws) {
            if (buffer.get(i) == '\n') {
                newlines++;
                if (newlines == MAX_LINES_BACK) {
                    s0 = i + 1;
                    ws = s0;
                    break;
                }
            }
            i--;
        }
        boolean firstKnown = true;
        if (s0 < 0) {
            int limit = Math.max(lo, ws - LINE_SEARCH);
            int j = ws - 1;
            while (j >= limit && buffer.get(j) != '\n') {
                j--;
            }
            if (j >= limit) {
                s0 = j + 1;
            } else if (limit == lo && loIsInputStart) {
                s0 = lo;
            } else {
                s0 = ws;
                firstKnown = false;
            }
        }
        long firstLine = tLine - newlines;
        firstClipped = s0 < ws;

        // Physical lines forward until past the window end.
        count = 0;
        boolean cut = false;
        int p = s0;
        boolean known = firstKnown;
        boolean continuesJson = false;
        boolean afterPartial = false;
        int linesAfterT = 0;
        while (p <= we && count < lines.length) {
            if (p >= we && we < hi) {
                cut = true;
                break;
            }
            int searchLimit = Math.min(hi, Math.max(p, we) + LINE_SEARCH);
            int e = p;
            while (e < searchLimit && buffer.get(e) != '\n') {
                e++;
            }
            PhysicalLine line = lines[count];
            if (line == null) {
                line = lines[count] = new PhysicalLine();
            }
            count++;
            line.parse(buffer, p, e, known, ws, we, afterPartial, continuesJson);
            continuesJson = line.partial && line.json;
            afterPartial = line.partial;
            if (e >= searchLimit || e >= hi) {
                cut = e < hi || !hiIsInputEnd;
                break;
            }
            if (p > t && ++linesAfterT >= MAX_LINES_FWD) {
                cut = true;
                break;
            }
            p = e + 1;
            known = true;
        }

        logical.clear();
        for (int k = 0; k < count; k++) {
            if (k > 0 && !lines[k - 1].partial) {
                logical.appendChar('\n', lines[k - 1].end);
            }
            logicalStart[k] = logical.length();
            logical.append(lines[k].content, 0, lines[k].content.length());
        }
        if (logical.length() == 0) {
            return;
        }
        boolean windowCut = cut || (count == lines.length);
        MessagePatterns.find(logical, hit -> {
            int from = logical.sourceOf(hit.start());
            int to = logical.sourceOf(hit.end() - 1);
            if (from > t || to < t) {
                return; // another trigger owns it
            }
            if (windowCut && logical.length() - hit.end() < CUT_SLACK) {
                return; // may go on past the window: a later trigger sees all of it
            }
            int k = lineOf(hit.start());
            while (k > 0 && lines[k - 1].partial) {
                k--; // a record split by the runtime is reported at its first line
            }
            sink.accept(found.set(hit, from, to + 1, firstLine + k, timeOf(k), LogbackTimes.NONE));
        });
    }

    /**
     * Reports a message {@link ExactMessages} read in HAPI's exact wording, which lies within one physical
     * line, with the line number and time {@link #parse} would give it, without building a window.
     * Returns {@code false} (nothing reported) when the line needs the window: its start or end out of
     * reach, or a container record split by the runtime on either side of it.
     *
     * @param trackPartials the input has container envelopes, whose records may be split
     * @param w             the prefilter's anchor {@link ExactMessages} read the message from
     * @param tLine         newlines before the message, counted from the caller's origin
     */
    boolean reportExact(ByteBuffer buffer, int lo, int hi, boolean loIsInputStart, boolean hiIsInputEnd,
            boolean trackPartials, MessagePatterns.Hit hit, int w, long tLine, Sink sink) {
        this.buf = buffer;
        this.lo = lo;
        this.loIsInputStart = loIsInputStart;
        int lineStart = lineStart(hit.start());
        if (lineStart < 0) {
            return false;
        }
        // The common shape, a Logback line: its time is the timestamp it starts with.
        boolean plainLine = !trackPartials && isPlainLine(lineStart, hit.start());
        long logback = plainLine ? logbackTimes.read(buffer, lineStart, hit.start()) : LogbackTimes.NONE;
        LogTimestamp plain = plainLine && logback == LogbackTimes.NONE ? otherPlainLineTime(lineStart, hit.start())
                : null;
        LogTimestamp time;
        RepeatedTimedLine timed = hit.kind() == LockEventKind.LOCK_WAIT ? repeatedWait
                : hit.kind() == LockEventKind.MIGRATION_FAILED ? repeatedFailure : null;
        if (logback != LogbackTimes.NONE) {
            time = null; // the log zone applies, as preferred() applies it to a time without offset
            if (timed != null && RepeatedTimedLine.endsLine(buffer, hit.end(), hi)) {
                timed.remember(buffer, lineStart, w, hit);
            }
        } else if (plain != null) {
            time = preferred(plain, null);
            // the timestamp starts the line; remembered when read from its bytes as they are
            int length = stampEnd[0];
            if (timed != null && lineHead.sourceOf(length - 1) == lineStart + length - 1
                    && RepeatedTimedLine.endsLine(buffer, hit.end(), hi)) {
                timed.rememberStamped(buffer, lineStart, w, hit, lineStart, lineStart + stampEnd[1], plain.offset(),
                        logZone, hit.end());
            }
        } else {
            int lineEnd = lineEnd(hit.end(), hi, hiIsInputEnd);
            if (lineEnd < 0) {
                return false;
            }
            if (trackPartials && lineStart > lo) {
                int previousStart = lineStart(lineStart - 1);
                if (previousStart < 0) {
                    return false;
                }
                if (probe.isPartialRecord(buffer, previousStart, lineStart - 1)) {
                    return false; // this line continues a split record
                }
            }
            single.parse(buffer, lineStart, lineEnd, true, lineStart, lineStart, false, false);
            if (single.partial) {
                return false; // the next record continues this one
            }
            if (!trackPartials && lineEnd < hi) {
                repeatedLine.remember(buffer, lineStart, lineEnd, w, hit, single);
            }
            time = lineTime(lineStart, single.appTime, single.json, single.envelopeTime);
            // a time of the line's own, in a line without an envelope (whose time could take precedence)
            if (timed != null && !trackPartials && lineEnd < hi && single.appTimeAt >= 0 && !single.enveloped) {
                int eol = buffer.get(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
                timed.rememberStamped(buffer, lineStart, w, hit, single.appTimeAt, single.appTimeDateTimeEnd,
                        single.appTime.offset(), logZone, eol);
            }
        }
        sink.accept(found.set(hit, hit.start(), hit.end(), tLine, time, logback));
        return true;
    }

    /** The time of a line parsed as {@code app}, {@code json}, {@code envelope}: its own, or the event's above. */
    private LogTimestamp lineTime(int lineStart, LogTimestamp app, boolean json, LogTimestamp envelope) {
        LogTimestamp time = app;
        if (time == null && !json) {
            time = lookBack(lineStart);
        }
        return preferred(time, envelope);
    }

    /**
     * Reports the message whose prefilter anchor ({@link Anchors}) starts at {@code w} when its line repeats one
     * {@link #reportExact} reported, as a crash loop repeats them ({@link RepeatedTimedLine}, {@link RepeatedLine}),
     * exactly as {@link #reportExact} would report it. Returns the buffer index where the message ends
     * (its line goes on to a newline, with nothing else of interest), or -1 when nothing was reported.
     *
     * @param tLine newlines before {@code w}, counted from the caller's origin
     */
    int reportRepeated(ByteBuffer buffer, int lo, int hi, boolean loIsInputStart, boolean trackPartials, int w,
            long tLine, Sink sink) {
        if (trackPartials) {
            return -1;
        }
        FoundMessage message = readRepeatedTimed(buffer, lo, hi, loIsInputStart, w, tLine) ? found
                : readRepeatedLine(buffer, lo, hi, loIsInputStart, w, tLine);
        if (message == null) {
            return -1;
        }
        // One call of the sink and one of RepeatedTimedLine.read: the compiler inlines each once here.
        sink.accept(message);
        return message.end;
    }

    /** Reads into {@link #found} a wait or failed migration repeating the last one read, as {@link #reportRepeated}. */
    private boolean readRepeatedTimed(ByteBuffer buffer, int lo, int hi, boolean loIsInputStart, int w, long tLine) {
        for (RepeatedTimedLine timed : repeatedTimed) {
            if (timed.read(buffer, lo, hi, loIsInputStart, w, tLine, logbackTimes, found)) {
                return true;
            }
        }
        return false;
    }

    /** The message of the line repeating {@link #repeatedLine} that holds the anchor at {@code w}, or null. */
    private FoundMessage readRepeatedLine(ByteBuffer buffer, int lo, int hi, boolean loIsInputStart, int w,
            long tLine) {
        int lineStart = repeatedLine.find(buffer, lo, hi, loIsInputStart, w);
        if (lineStart < 0) {
            return null;
        }
        this.buf = buffer;
        this.lo = lo;
        this.loIsInputStart = loIsInputStart;
        if (repeatedLine.appTime == null && !repeatedLine.json && repeatedLine.envelopeTime == null) {
            // A crash loop's exception line, below a Logback line: its time stays local millis, as the waits'.
            long above = lookBackLocal(lineStart);
            return above != LogbackTimes.NONE ? repeatedLine.message(found, lineStart, tLine, null, above)
                    : repeatedLine.message(found, lineStart, tLine, preferred(lookedBack, null), LogbackTimes.NONE);
        }
        LogTimestamp time = lineTime(lineStart, repeatedLine.appTime, repeatedLine.json, repeatedLine.envelopeTime);
        return repeatedLine.message(found, lineStart, tLine, time, LogbackTimes.NONE);
    }

    /**
     * Reports the waits on the lines after the repeated one that ends at {@code end}, as long as they
     * repeat it too and leave the byte scan nothing else to find ({@link RepeatedTimedLine#next}), up to
     * {@code to}. Returns how many; {@link #repeatsEnd()} is where the last ends ({@code end} for none).
     *
     * @param nextLine newlines before the line after {@code end}, counted from the caller's origin
     */
    int readRepeats(ByteBuffer buffer, int hi, int end, int to, long nextLine, Sink sink) {
        int read = 0;
        int e = end;
        int next;
        while ((next = repeatedWait.next(buffer, hi, e, to, nextLine + read, logbackTimes, found)) >= 0) {
            sink.accept(found);
            read++;
            e = next;
        }
        repeatsEnd = e;
        return read;
    }

    int repeatsEnd() {
        return repeatsEnd;
    }

    /** Start of the line holding {@code p}, or -1 when it is out of reach. */
    private int lineStart(int p) {
        int limit = Math.max(lo, p - LINE_SEARCH);
        int i = Newlines.last(buf, p - 1, limit);
        if (i >= limit) {
            return i + 1;
        }
        return limit == lo && loIsInputStart ? lo : -1;
    }

    /** Index of the newline ending the line holding {@code p} (or the input's end), or -1 when out of reach. */
    private int lineEnd(int p, int hi, boolean hiIsInputEnd) {
        int limit = Math.min(hi, p + LINE_SEARCH);
        int i = Newlines.next(buf, p, limit);
        if (i < limit) {
            return i;
        }
        return limit == hi && hiIsInputEnd ? hi : -1;
    }

    /**
     * Whether {@link PhysicalLine} would read the line as plain text starting with its timestamp: a digit
     * first (no quote marker, prefix or JSON) and no CRI envelope.
     */
    private boolean isPlainLine(int lineStart, int messageStart) {
        byte first = buf.get(lineStart);
        return first >= '0' && first <= '9' && PhysicalLine.criHeader(buf, lineStart, messageStart) <= 0;
    }

    /**
     * The timestamp of a {@link #isPlainLine plain line} that is not Logback's default, or {@code null}; its
     * end in {@link #lineHead} in {@link #stampEnd}.
     */
    private LogTimestamp otherPlainLineTime(int lineStart, int messageStart) {
        // Read as PhysicalLine reads a line's head (colour sequences dropped); a timestamp is at most 35 chars.
        lineHead.clear();
        lineHead.appendBytes(buf, lineStart, Math.min(messageStart, lineStart + 48));
        return Timestamps.parseAt(lineHead, 0, stampEnd);
    }

    private int lineOf(int logicalIndex) {
        int k = count - 1;
        while (k > 0 && logicalStart[k] > logicalIndex) {
            k--;
        }
        return k;
    }

    /** The line's log time: its own, or that of the log event (header line) it continues. */
    private LogTimestamp timeOf(int k) {
        int h = k;
        while (h > 0 && lines[h - 1].partial) {
            h--;
        }
        PhysicalLine head = lines[h];
        LogTimestamp app = head.appTime;
        if (app == null && !head.json) {
            boolean stopped = false;
            // A first line the window cut is read whole by lookBack: its part in the window may look blank.
            int first = firstClipped && h > 0 ? 1 : 0;
            for (int j = h - 1; j >= first; j--) {
                if (lines[j].blank()) {
                    stopped = true;
                    break;
                }
                if (lines[j].appTime != null) {
                    app = lines[j].appTime;
                    stopped = true;
                    break;
                }
            }
            if (!stopped && lines[first].startKnown) {
                app = lookBack(lines[first].start);
            }
        }
        return preferred(app, head.envelopeTime);
    }

    private LogTimestamp preferred(LogTimestamp app, LogTimestamp envelope) {
        if (app != null && app.offset() != null) {
            return app;
        }
        if (envelope != null) {
            return envelope;
        }
        return app == null ? null : app.inZone(logZone);
    }

    /** Walks back from a line start to the nearest line with a timestamp, stopping at a blank line. */
    private LogTimestamp lookBack(int lineStart) {
        long local = lookBackLocal(lineStart);
        // what PhysicalLine reads on a Logback line, read faster
        return local != LogbackTimes.NONE ? LogbackTimes.timestamp(local, null) : lookedBack;
    }

    /**
     * {@link #lookBack}'s time when it is read from Logback's default timestamp, in local millis; else
     * {@link LogbackTimes#NONE}, and {@link #lookedBack} holds the time found (null for none).
     */
    private long lookBackLocal(int lineStart) {
        lookedBack = null;
        int limit = Math.max(lo, lineStart - TIME_LOOKBACK);
        int e = lineStart - 1;
        for (int n = 0; n < MAX_LOOKBACK_LINES && e > limit; n++) {
            int s = e - 1;
            while (s >= limit && buf.get(s) != '\n') {
                s--;
            }
            boolean known = s >= limit || (limit == lo && loIsInputStart);
            if (!known) {
                return LogbackTimes.NONE;
            }
            int ls = s + 1;
            long logback = logbackTimes.read(buf, ls, e);
            if (logback != LogbackTimes.NONE) {
                return logback;
            }
            probe.parse(buf, ls, e, true, ls, Math.min(e, ls + 256), false, false);
            if (probe.blank()) {
                return LogbackTimes.NONE;
            }
            if (probe.appTime != null) {
                lookedBack = probe.appTime;
                return LogbackTimes.NONE;
            }
            e = s;
        }
        return LogbackTimes.NONE;
    }
}
