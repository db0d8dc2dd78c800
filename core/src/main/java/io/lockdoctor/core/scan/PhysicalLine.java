package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;

/**
 * One physical line of the input with its container envelope and prefixes removed and JSON escapes
 * decoded: CRI ({@code <time> stdout F|P }), Docker json-file ({@code {"log":"...","time":...}}),
 * docker compose ({@code service-1  | }), ticket quote markers ({@code > }), Logstash JSON.
 */
final class PhysicalLine {
    private static final byte[] DOCKER_OPEN = "{\"log\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DOCKER_STREAM = "\",\"stream\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DOCKER_TIME = "\"time\":\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String[] JSON_TIME_KEYS = {"\"@timestamp\":\"", "\"timestamp\":\"", "\"time\":\""};
    private static final int TRAILER_MAX = 160;
    /** Bytes of a line's head read for its shape (JSON or not) and timestamp. */
    private static final int HEAD = 512;

    /** Buffer index of the line's first byte; meaningful when {@link #startKnown}. */
    int start;
    /** Buffer index of the line's {@code \n} (or where the known part of the line ends). */
    int end;
    boolean startKnown;
    /** CRI {@code P} record or Docker record without a final newline: the next line continues it. */
    boolean partial;
    /** The text is (Logstash) JSON: a continuation record of it is JSON too. */
    boolean json;
    /**
     * Where the line's text lies inside its container envelope (the line without its {@code \r} when it
     * has none), whether that envelope is Docker's, and where its time ends.
     */
    private int textStart;
    private int textEnd;
    private boolean docker;
    private int envelopeTimeTo;
    LogTimestamp envelopeTime;
    LogTimestamp appTime;
    /**
     * Where {@link #appTime} lies in the buffer: its first byte, and the byte after its date and time (its
     * zone follows). {@code appTimeAt} is -1 unless it was read from the line's bytes as they are (no
     * colour sequence or escape inside it), from the first place a time is looked for on the line.
     */
    int appTimeAt = -1;
    int appTimeDateTimeEnd;
    /** The line is in a CRI or Docker record. */
    boolean enveloped;
    private final int[] stampEnd = new int[2];
    final MappedText content = new MappedText(256);
    private final MappedText scratch = new MappedText(256);
    private final MappedText scratch2 = new MappedText(256);

    /**
     * Parses the line {@code [start, end)} of {@code buf}, keeping only the text inside
     * {@code [clipFrom, clipTo)} (windows are bounded; lines may be hundreds of MB).
     *
     * @param afterPartial  the previous line was a partial record: this one continues its text
     * @param continuesJson the previous line was a partial JSON record
     */
    void parse(ByteBuffer buf, int lineStart, int lineEnd, boolean lineStartKnown, int clipFrom, int clipTo,
            boolean afterPartial, boolean continuesJson) {
        start = lineStart;
        end = lineEnd;
        startKnown = lineStartKnown;
        partial = false;
        json = false;
        envelopeTime = null;
        appTime = null;
        appTimeAt = -1;
        content.clear();

        bounds(buf, lineStart, lineEnd);
        if (lineStartKnown) {
            int timeFrom = envelope(buf, lineStart);
            if (timeFrom >= 0) {
                envelopeTime = timeAt(buf, timeFrom, envelopeTimeTo);
            }
        }
        // The head of the line tells its shape and time even when the window only holds its tail.
        int prefix = 0;
        boolean looksJson = false;
        if (lineStartKnown && !afterPartial) {
            MappedText head = text(buf, textStart, Math.min(textEnd, textStart + HEAD), docker, scratch, scratch2);
            prefix = skipQuoteMarkers(head, skipComposePrefix(head, 0));
            int q = prefix;
            while (q < head.length() && (head.charAt(q) == ' ' || head.charAt(q) == '\t')) {
                q++;
            }
            looksJson = q < head.length() && head.charAt(q) == '{';
            appTime = looksJson ? jsonTime(head, q) : leadingTime(head, prefix);
        }
        json = looksJson || continuesJson;

        int from = Math.max(textStart, clipFrom);
        int to = Math.min(textEnd, clipTo);
        boolean headVisible = lineStartKnown && from == textStart;
        MappedText text = to > from ? text(buf, from, to, docker, scratch, scratch2) : empty(scratch);
        int p = headVisible ? Math.min(prefix, text.length()) : 0;
        if (json || (!lineStartKnown && hasJsonEscapes(text, p))) {
            content.appendUnescaped(text, p, text.length());
        } else {
            content.append(text, p, text.length());
        }
    }

    /**
     * Whether the line {@code [lineStart, lineEnd)}, whose start is known, is a record the next line
     * continues ({@link #partial}), read as {@link #parse} reads it but from its envelope alone.
     */
    boolean isPartialRecord(ByteBuffer buf, int lineStart, int lineEnd) {
        partial = false;
        bounds(buf, lineStart, lineEnd);
        envelope(buf, lineStart);
        return partial;
    }

    /** The text is the line without its {@code \r}, until {@link #envelope} finds an envelope around it. */
    private void bounds(ByteBuffer buf, int lineStart, int lineEnd) {
        textStart = lineStart;
        textEnd = lineEnd;
        if (textEnd > lineStart && buf.get(textEnd - 1) == '\r') {
            textEnd--;
        }
        docker = false;
        enveloped = false;
    }

    /**
     * Reads the container envelope, if any, of the line starting at {@code lineStart} and ending its text
     * at {@link #textEnd}: sets {@link #partial}, {@link #docker} and the text's bounds inside it. Returns
     * where the envelope's time starts (read up to {@link #envelopeTimeTo}), or -1.
     */
    private int envelope(ByteBuffer buf, int lineStart) {
        int cri = criHeader(buf, lineStart, textEnd);
        enveloped = cri > 0;
        if (cri > 0) {
            partial = buf.get(cri - 2) == 'P';
            textStart = cri;
            envelopeTimeTo = Math.min(textEnd, lineStart + 40);
            return lineStart;
        }
        if (!startsWith(buf, lineStart, textEnd, DOCKER_OPEN)) {
            return -1;
        }
        docker = true;
        enveloped = true;
        textStart = lineStart + DOCKER_OPEN.length;
        int streamAt = lastIndexOf(buf, Math.max(textStart, textEnd - TRAILER_MAX), textEnd, DOCKER_STREAM);
        if (streamAt < 0) {
            return -1;
        }
        partial = !(streamAt - 2 >= textStart && buf.get(streamAt - 2) == '\\' && buf.get(streamAt - 1) == 'n');
        int timeAt = lastIndexOf(buf, streamAt, textEnd, DOCKER_TIME);
        envelopeTimeTo = textEnd;
        textEnd = streamAt;
        return timeAt < 0 ? -1 : timeAt + DOCKER_TIME.length;
    }

    /** Buffer bytes as text; Docker's log string unescaped once (its own JSON layer). */
    private static MappedText text(ByteBuffer buf, int from, int to, boolean docker, MappedText a, MappedText b) {
        a.clear();
        a.appendBytes(buf, from, to);
        if (!docker) {
            return a;
        }
        b.clear();
        b.appendUnescaped(a, 0, a.length());
        return b; // the record's own "\n" stays in the text: white space to the patterns
    }

    private static MappedText empty(MappedText a) {
        a.clear();
        return a;
    }

    /** A view of {@code text} from {@code offset}, for the timestamp reader. */
    private record Slice(MappedText text, int offset) implements CharSequence {
        @Override
        public int length() {
            return text.length() - offset;
        }

        @Override
        public char charAt(int index) {
            return text.charAt(offset + index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(offset + start, offset + end);
        }
    }

    boolean blank() {
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Length of {@code <RFC3339> <stdout|stderr> <F|P> } at {@code at}, or 0. */
    static int criHeader(ByteBuffer buf, int at, int end) {
        if (end - at < 30 || !isDigit(buf.get(at)) || buf.get(at + 4) != '-' || buf.get(at + 10) != 'T') {
            return 0;
        }
        int limit = Math.min(end, at + 48);
        int space = -1;
        for (int i = at + 19; i < limit; i++) {
            if (buf.get(i) == ' ') {
                space = i;
                break;
            }
        }
        if (space < 0 || space + 10 > end) {
            return 0;
        }
        byte s0 = buf.get(space + 1);
        if (s0 != 's' || buf.get(space + 2) != 't' || buf.get(space + 7) != ' ') {
            return 0;
        }
        byte flag = buf.get(space + 8);
        if ((flag != 'F' && flag != 'P') || (space + 9 < end && buf.get(space + 9) != ' ')) {
            return 0;
        }
        return Math.min(end, space + 10);
    }

    private static LogTimestamp timeAt(ByteBuffer buf, int from, int to) {
        MappedText t = new MappedText(40);
        t.appendBytes(buf, from, Math.min(to, from + 40));
        return Timestamps.parseAt(t, 0);
    }

    /** The time of a JSON line: the first of {@link #JSON_TIME_KEYS} whose value is a timestamp. */
    private LogTimestamp jsonTime(MappedText text, int from) {
        boolean first = true;
        for (String key : JSON_TIME_KEYS) {
            int at = text.indexOf(key, from);
            if (at >= 0) {
                LogTimestamp ts = Timestamps.parseAt(text, at + key.length(), stampEnd);
                if (ts != null) {
                    if (first) {
                        locateAppTime(text, at + key.length());
                    }
                    return ts;
                }
                first = false;
            }
        }
        return null;
    }

    /** The timestamp leading the text of a line that is not JSON, after {@code prefix} (quote markers...). */
    private LogTimestamp leadingTime(MappedText head, int prefix) {
        int at = prefix + Timestamps.leadingAt(new Slice(head, prefix));
        LogTimestamp ts = Timestamps.parseAt(head, at, stampEnd);
        if (ts != null) {
            locateAppTime(head, at);
        }
        return ts;
    }

    /** Sets {@link #appTimeAt} and the rest for the timestamp just read at {@code at} of {@code text}. */
    private void locateAppTime(MappedText text, int at) {
        int from = text.sourceOf(at);
        int to = text.sourceOf(stampEnd[0] - 1) + 1;
        if (to - from == stampEnd[0] - at) {
            appTimeAt = from;
            appTimeDateTimeEnd = from + (stampEnd[1] - at);
        }
    }

    /** Skips {@code service-1  | } as docker compose writes it. */
    private static int skipComposePrefix(MappedText t, int p) {
        int i = p;
        int n = t.length();
        if (i >= n || !Character.isLetterOrDigit(t.charAt(i))) {
            return p;
        }
        while (i < n && i - p < 64 && (Character.isLetterOrDigit(t.charAt(i)) || t.charAt(i) == '_'
                || t.charAt(i) == '-' || t.charAt(i) == '.')) {
            i++;
        }
        int spaces = i;
        while (i < n && t.charAt(i) == ' ') {
            i++;
        }
        if (i == spaces || i >= n || t.charAt(i) != '|') {
            return p;
        }
        i++;
        if (i < n && t.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** Skips e-mail / Markdown quote markers: {@code > }, {@code >> }, {@code > > }. */
    private static int skipQuoteMarkers(MappedText t, int p) {
        int i = p;
        int n = t.length();
        while (i < n && (t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
            i++;
        }
        if (i >= n || t.charAt(i) != '>') {
            return p;
        }
        while (i < n && (t.charAt(i) == '>' || t.charAt(i) == ' ' || t.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean hasJsonEscapes(MappedText t, int from) {
        return t.indexOf("\\n", from) >= 0 || t.indexOf("\\\"", from) >= 0 || t.indexOf("\\t", from) >= 0;
    }

    private static boolean startsWith(ByteBuffer buf, int at, int end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (buf.get(at + k) != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static int lastIndexOf(ByteBuffer buf, int from, int to, byte[] needle) {
        for (int i = to - needle.length; i >= from; i--) {
            boolean match = true;
            for (int k = 0; k < needle.length; k++) {
                if (buf.get(i + k) != needle[k]) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
