package io.lockdoctor.core.scan;

import java.nio.ByteBuffer;

/**
 * A line without a time of its own that a crash loop repeats byte for byte at every start: the
 * exception line carrying HAPI-2153 below {@code Migration failed}. Once its message has been read in
 * HAPI's exact wording, the same line elsewhere is recognised by comparing its bytes, eight at a time,
 * with the remembered one's, newline before and after included: the message, and what the line's own
 * text tells of its time, are then those remembered. Its time still comes from the lines above it.
 *
 * <p>Only a line whose message the exact reading reads without looking before the line is remembered
 * (a code, a colon or white space before the message are looked at), so a line accepted here is
 * reported exactly as the exact reading would report it.
 */
final class RepeatedLine {
    /** Longer lines are not remembered (a crash loop's line is a few hundred bytes). */
    private static final int MAX_LENGTH = 2048;
    /** How far before a message the exact reading may look: a code ({@code HAPI-2153: }), white space. */
    private static final int CODE_LENGTH = "HAPI-2153: ".length();
    private static final int WHITE_SPACE_LOOKBACK = 64;

    /** The line, from its first byte to its newline. */
    private ByteTemplate line;
    private int triggerOffset;
    private LockEventKind kind;
    private String table;
    private String uuid;
    private String code;
    private int startOffset;
    private int endOffset;
    /** What the line's text tells of its time. */
    LogTimestamp appTime;
    LogTimestamp envelopeTime;
    boolean json;

    /**
     * Remembers {@code hit}, read in exact wording from the trigger {@code w} on the line
     * {@code [lineStart, lineEnd)} (ended by a newline at {@code lineEnd}), parsed as {@code parsed}.
     */
    void remember(ByteBuffer b, int lineStart, int lineEnd, int w, MessagePatterns.Hit hit, PhysicalLine parsed) {
        if (lineEnd - lineStart > MAX_LENGTH || b.get(lineEnd) != '\n' || !readWithinLine(b, lineStart, hit.start())) {
            return;
        }
        line = new ByteTemplate(b, lineStart, lineEnd + 1);
        triggerOffset = w - lineStart;
        kind = hit.kind();
        table = hit.table();
        uuid = hit.uuid();
        code = hit.code();
        startOffset = hit.start() - lineStart;
        endOffset = hit.end() - lineStart;
        appTime = parsed.appTime;
        envelopeTime = parsed.envelopeTime;
        json = parsed.json;
    }

    /**
     * Whether the exact reading of a message starting at {@code start} stays within the line: the code
     * slot before it, and the white space it skips backwards, end inside the line.
     */
    private static boolean readWithinLine(ByteBuffer b, int lineStart, int start) {
        if (start - CODE_LENGTH < lineStart) {
            return false;
        }
        for (int i = start - 1; i >= Math.max(lineStart, start - WHITE_SPACE_LOOKBACK); i--) {
            byte c = b.get(i);
            if (c != ' ' && c != '\t' && c != 0x0b && c != '\f' && c != '\r' && c != '\n') {
                return true;
            }
        }
        return false;
    }

    /**
     * The start of the line holding the trigger {@code w} when that line is the one remembered, the
     * trigger at the same place; else -1.
     */
    int find(ByteBuffer b, int lo, int hi, boolean loIsInputStart, int w) {
        if (line == null) {
            return -1;
        }
        int lineStart = w - triggerOffset;
        if (lineStart < lo || lineStart + line.length() > hi
                || (lineStart == lo ? !loIsInputStart : b.get(lineStart - 1) != '\n')) {
            return -1;
        }
        return line.isAt(b, lineStart) ? lineStart : -1;
    }

    /** The remembered message, on the line starting at {@code lineStart}, at {@code time} or {@code localMillis}. */
    FoundMessage message(FoundMessage found, int lineStart, long newlines, LogTimestamp time, long localMillis) {
        return found.set(kind, table, uuid, code, lineStart + startOffset, lineStart + endOffset, newlines, time,
                localMillis);
    }
}
