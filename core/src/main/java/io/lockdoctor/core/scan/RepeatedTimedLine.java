package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A Logback line a crash-looping node logs at every start, the same but for its timestamp: 49 times a
 * wait, the same but for its retry number as well ({@code 2025-03-11 03:00:04.101 [main] INFO
 * c.u.f.jpa.migrate.HapiMigrationLock Waiting for lock on FLY_HFJ_MIGRATION.  Retry 4/50}), then
 * {@code Migration failed}. Once such a message has been read in HAPI's exact wording, the next lines
 * are recognised by comparing their bytes with that line's, eight at a time, and reading only the
 * timestamp and the retry number: no message reading, no search for the line's start, no object per line.
 *
 * <p>The bytes compared are every byte the prefilter's anchor check ({@link Anchors#at}) and the exact
 * reading look at between the timestamp and the end of the message, so a line accepted here is the
 * message they would have reported, with the same start, end, table, line and time. Anything else
 * (another line, more than a line end after the message, a timestamp that does not read) is left to them.
 *
 * <p>The lines right after a message that repeat it are read without the byte scan at all ({@link #next})
 * when the line's head, before the anchor the message was read from, holds nothing the scan could take
 * for a message: no {@link Anchors anchor} standing there as {@link Anchors#at} would accept it.
 */
final class RepeatedTimedLine {
    /** What lies between the timestamp and the retry number, or the end of the message. */
    private ByteTemplate middle;
    /** Offsets from the line start: the prefilter's anchor, the message, the retry number or message end. */
    private int triggerOffset;
    private int messageOffset;
    private int digitsOffset;
    /** The message ends with a retry number. */
    private boolean retry;
    private LockEventKind kind;
    private String table;
    private String uuid;
    private String code;
    /** The head of the line holds no candidate for a message (see the class comment). */
    private boolean quietHead;

    /**
     * Remembers {@code hit}, a wait or a failed migration read in exact wording from the anchor at {@code w}
     * on a line that starts with a Logback timestamp at {@code lineStart} and ends right after the message.
     */
    void remember(ByteBuffer b, int lineStart, int w, MessagePatterns.Hit hit) {
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
        middle = new ByteTemplate(b, lineStart + LogbackTimes.LENGTH, digits);
        triggerOffset = w - lineStart;
        messageOffset = hit.start() - lineStart;
        digitsOffset = digits - lineStart;
        kind = hit.kind();
        table = hit.table();
        uuid = hit.uuid();
        code = hit.code();
        quietHead = isQuiet(b, lineStart + LogbackTimes.LENGTH, w, digits);
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
        if (!quietHead || end + 2 >= to) {
            return -1;
        }
        byte last = b.get(end);
        int lineStart = last == '\n' ? end + 1 : last == '\r' && b.get(end + 1) == '\n' ? end + 2 : -1;
        int messageEnd = lineStart < 0 ? -1 : readLine(b, hi, lineStart, line, times, found);
        return messageEnd < to ? messageEnd : -1;
    }

    /** Whether the message ending at {@code end} ends its line, as a remembered message must. */
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
        if (digits + 8 > hi || !middle.isAt(b, lineStart + LogbackTimes.LENGTH)) {
            return -1;
        }
        int length = retry ? retryLength(b.getLong(digits), b.order()) : endsLine(b, digits, hi) ? 0 : -1;
        int start = lineStart + messageOffset;
        long time = length < 0 ? LogbackTimes.NONE : times.read(b, lineStart, start);
        if (time == LogbackTimes.NONE) {
            return -1;
        }
        found.set(kind, table, uuid, code, start, digits + length, line, null, time);
        return digits + length;
    }

    /**
     * The length of {@code n/m} at the start of the eight bytes {@code word} when a line end follows it
     * within them; else -1 (then the exact reading decides).
     */
    private static int retryLength(long word, ByteOrder order) {
        long w = order == ByteOrder.LITTLE_ENDIAN ? word : Long.reverseBytes(word);
        long digits = DigitBytes.mask(w);
        int slash = DigitBytes.firstOther(digits, 0);
        if (slash == 0 || slash >= 7 || (byte) (w >>> (8 * slash)) != '/') {
            return -1;
        }
        int end = DigitBytes.firstOther(digits, slash + 1);
        if (end == slash + 1 || end == 8) {
            return -1;
        }
        byte after = (byte) (w >>> (8 * end));
        return after == '\n' || after == '\r' ? end : -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
