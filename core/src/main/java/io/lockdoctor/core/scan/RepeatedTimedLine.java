package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A line a crash-looping node logs at every start, the same but for its timestamp: 49 times a wait, the
 * same but for its retry number as well ({@code 2025-03-11 03:00:04.101 [main] INFO
 * c.u.f.jpa.migrate.HapiMigrationLock Waiting for lock on FLY_HFJ_MIGRATION.  Retry 4/50}), then
 * {@code Migration failed}. Once such a message has been read in HAPI's exact wording, the next lines
 * are recognised by comparing their bytes with that line's, eight at a time, and reading only the
 * timestamp and the retry number: no message reading, no search for the line's start, no text built.
 *
 * <p>The timestamp is Logback's default at the start of the line ({@link LogbackTimes}, local millis, no
 * object per line), or one the line carries elsewhere in another layout ({@link LineStamp}: ISO-8601
 * with a zone, a Logstash JSON line's {@code @timestamp}, a time behind a quote marker). The line may go
 * on after the message ({@code "}} closing a JSON line). The bytes compared are every byte the
 * prefilter's anchor check ({@link Anchors#at}), the exact reading and the reading of the line's time
 * look at, but for the timestamp's digits and the retry number, so a line accepted here is the message
 * they would have reported, with the same start, end, table, line and time. Anything else (another line,
 * another layout, a timestamp that does not read) is left to them.
 *
 * <p>The lines right after a message that repeat it are read without the byte scan at all ({@link #next})
 * when the rest of the line holds nothing the scan could take for a message: no {@link Anchors anchor}
 * standing there as {@link Anchors#at} would accept it.
 */
final class RepeatedTimedLine {
    /**
     * Longer lines with their timestamp elsewhere than Logback's are not remembered (a crash loop's line
     * is a few hundred bytes). The exact reading looks for a line's time in its first 512 bytes: a line
     * shorter than that by more than a retry number's growth is read whole either way.
     */
    private static final int MAX_LENGTH = 448;

    /** What lies before the timestamp (nothing for Logback's), and between it and the retry number or message end. */
    private ByteTemplate head;
    private ByteTemplate middle;
    /** What follows the message up to the line end: nothing, or a JSON line's closing {@code "}}. */
    private ByteTemplate tail;
    /** Offsets from the line start: the timestamp, its end, the prefilter's anchor, the message, the retry number or message end. */
    private int stampOffset;
    private int stampEnd;
    private int triggerOffset;
    private int messageOffset;
    private int digitsOffset;
    /** Logback's default timestamp starts the line; else {@link #stamp} reads it. */
    private boolean logback;
    private final LineStamp stamp = new LineStamp();
    /** The zone the line's timestamp carries, or null: then {@link #logZone} applies. */
    private ZoneOffset stampZone;
    private ZoneId logZone;
    /** The message ends with a retry number. */
    private boolean retry;
    private LockEventKind kind;
    private String table;
    private String uuid;
    private String code;
    /** The line, but for its timestamp and the message, holds no candidate for a message (see the class comment). */
    private boolean quiet;

    /**
     * Remembers {@code hit}, a wait or a failed migration read in exact wording from the anchor at {@code w}
     * on a line that starts with a Logback timestamp at {@code lineStart} and ends right after the message.
     */
    void remember(ByteBuffer b, int lineStart, int w, MessagePatterns.Hit hit) {
        logback = true;
        remember(b, lineStart, w, hit, lineStart, lineStart + LogbackTimes.LENGTH, hit.end());
    }

    /**
     * Remembers {@code hit} as {@link #remember(ByteBuffer, int, int, MessagePatterns.Hit)} does, on a line
     * whose time is the timestamp {@link Timestamps} read at {@code stampAt} (its date and time ending at
     * {@code dateTimeEnd}, its zone {@code zone} or none), {@code logZone} applied when it has none; the
     * line ends at {@code lineEnd}, a line end there. Lines too long, or going on with something after the
     * message that the byte scan could take for one, are not remembered.
     */
    void rememberStamped(ByteBuffer b, int lineStart, int w, MessagePatterns.Hit hit, int stampAt, int dateTimeEnd,
            ZoneOffset zone, ZoneId logZone, int lineEnd) {
        if (lineEnd - lineStart > MAX_LENGTH || stampAt < lineStart || dateTimeEnd > hit.start()
                || !isQuiet(b, hit.end(), lineEnd, lineEnd)) {
            return; // the line remembered before stays
        }
        logback = false;
        stamp.remember(b, stampAt, dateTimeEnd);
        stampZone = zone;
        this.logZone = logZone;
        remember(b, lineStart, w, hit, stampAt, dateTimeEnd, lineEnd);
    }

    private void remember(ByteBuffer b, int lineStart, int w, MessagePatterns.Hit hit, int stampAt, int dateTimeEnd,
            int lineEnd) {
        retry = hit.kind() == LockEventKind.LOCK_WAIT;
        int digits = hit.end();
        if (retry) {
            while (isDigit(b.get(digits - 1))) {
                digits--;
            }
            digits--; // the slash
            while (isDigit(b.get(digits - 1))) {
                digits--;
            }
        }
        head = new ByteTemplate(b, lineStart, stampAt);
        middle = new ByteTemplate(b, dateTimeEnd, digits);
        tail = new ByteTemplate(b, hit.end(), lineEnd);
        stampOffset = stampAt - lineStart;
        stampEnd = dateTimeEnd - lineStart;
        triggerOffset = w - lineStart;
        messageOffset = hit.start() - lineStart;
        digitsOffset = digits - lineStart;
        kind = hit.kind();
        table = hit.table();
        uuid = hit.uuid();
        code = hit.code();
        quiet = isQuiet(b, lineStart, stampAt, digits) && isQuiet(b, dateTimeEnd, w, digits);
    }

    /**
     * Whether no anchor starting in {@code [from, to)} could be taken by the byte scan for one, judged on
     * the bytes below {@code limit} (those compared with each repeat). The bytes before {@code from} are a
     * timestamp's digits; those from {@code to} on are the message.
     */
    private static boolean isQuiet(ByteBuffer b, int from, int to, int limit) {
        for (int p = from; p < to; p++) {
            if (Anchors.mayStandAt(b, p, limit)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads into {@code found} the message on the line after the one ending at {@code end} (one just read)
     * when that line repeats it, its head holds nothing else for the scan and it ends before {@code to};
     * returns where it ends, or -1 (nothing read: the byte scan goes on at {@code end}).
     *
     * @param line newlines before that next line, counted from the caller's origin
     */
    int next(ByteBuffer b, int hi, int end, int to, long line, LogbackTimes times, FoundMessage found) {
        if (!quiet) {
            return -1;
        }
        int eol = end + tail.length();
        if (eol + 2 >= to) {
            return -1;
        }
        byte last = b.get(eol);
        int lineStart = last == '\n' ? eol + 1 : last == '\r' && b.get(eol + 1) == '\n' ? eol + 2 : -1;
        int messageEnd = lineStart < 0 ? -1 : readLine(b, hi, lineStart, line, times, found);
        return messageEnd < to ? messageEnd : -1;
    }

    /** Whether the message ending at {@code end} ends its line, as a Logback line remembered must. */
    static boolean endsLine(ByteBuffer b, int end, int hi) {
        return end < hi && (b.get(end) == '\n' || b.get(end) == '\r');
    }

    /**
     * Reads the message whose prefilter anchor starts at {@code w} into {@code found} when its line is the one
     * remembered but for timestamp and retry number; {@code false} (nothing read) otherwise.
     *
     * @param line newlines before {@code w}, counted from the caller's origin
     */
    boolean read(ByteBuffer b, int lo, int hi, boolean loIsInputStart, int w, long line, LogbackTimes times,
            FoundMessage found) {
        if (middle == null) {
            return false;
        }
        int lineStart = w - triggerOffset;
        if (lineStart < lo || (lineStart == lo ? !loIsInputStart : b.get(lineStart - 1) != '\n')) {
            return false;
        }
        return readLine(b, hi, lineStart, line, times, found) >= 0;
    }

    /**
     * Reads into {@code found} the message of the line starting at {@code lineStart} when that line is the one
     * remembered but for timestamp and retry number; returns where the message ends, or -1 (nothing read).
     * Small, for the compiler to inline it where a crash loop's lines are read one after another.
     */
    private int readLine(ByteBuffer b, int hi, int lineStart, long line, LogbackTimes times, FoundMessage found) {
        int digits = lineStart + digitsOffset;
        if (digits + 8 > hi || !middle.isAt(b, lineStart + stampEnd)) {
            return -1;
        }
        int length = retry ? retryLength(b.getLong(digits), b.order()) : 0;
        int end = digits + length;
        if (length < 0) {
            return -1;
        }
        int start = lineStart + messageOffset;
        if (logback) {
            long time = endsLine(b, end, hi) ? times.read(b, lineStart, start) : LogbackTimes.NONE;
            if (time == LogbackTimes.NONE) {
                return -1;
            }
            found.set(kind, table, uuid, code, start, end, line, null, time);
            return end;
        }
        return readStamped(b, hi, lineStart, start, end, line, found);
    }

    /** The rest of {@link #readLine} for a line whose timestamp is not Logback's at its start. */
    private int readStamped(ByteBuffer b, int hi, int lineStart, int start, int end, long line, FoundMessage found) {
        if (!head.isAt(b, lineStart) || !goesOnAsRemembered(b, end, hi)) {
            return -1;
        }
        LocalDateTime dateTime = stamp.read(b, lineStart + stampOffset);
        if (dateTime == null) {
            return -1;
        }
        LogTimestamp time = new LogTimestamp(dateTime, stampZone);
        found.set(kind, table, uuid, code, start, end, line, stampZone == null ? time.inZone(logZone) : time,
                LogbackTimes.NONE);
        return end;
    }

    /** Whether the line goes on from the message's end {@code end} as remembered, then ends. */
    private boolean goesOnAsRemembered(ByteBuffer b, int end, int hi) {
        int eol = end + tail.length();
        return eol < hi && tail.isAt(b, end) && (b.get(eol) == '\n' || b.get(eol) == '\r');
    }

    /**
     * The length of {@code n/m} at the start of the eight bytes {@code word} when something other than a
     * digit follows it within them; else -1 (then the exact reading decides).
     */
    private static int retryLength(long word, ByteOrder order) {
        long w = order == ByteOrder.LITTLE_ENDIAN ? word : Long.reverseBytes(word);
        long digits = DigitBytes.mask(w);
        int slash = DigitBytes.firstOther(digits, 0);
        if (slash == 0 || slash >= 7 || (byte) (w >>> (8 * slash)) != '/') {
            return -1;
        }
        int end = DigitBytes.firstOther(digits, slash + 1);
        return end == slash + 1 || end == 8 ? -1 : end;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
