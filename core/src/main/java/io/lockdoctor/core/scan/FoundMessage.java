package io.lockdoctor.core.scan;

import java.time.ZoneId;

/**
 * The message being reported, handed from the parser to the collector. One instance per parser is
 * refilled for every message, so that a crash loop's millions of messages allocate nothing: the
 * collector copies the fields it keeps. Its time is either a {@link LogTimestamp} or, for Logback's
 * default timestamp, local millis ({@link LogbackTimes}).
 */
final class FoundMessage {
    LockEventKind kind;
    String table;
    String uuid;
    String code;
    /** Buffer indexes the message's text spans. */
    int start;
    int end;
    /** Newlines before the message's line, counted from the caller's origin. */
    long line;
    /** The time, or {@code null} when none or held in {@link #localMillis}. */
    LogTimestamp time;
    /** Logback's wall-clock time (the log zone still to apply), or {@link LogbackTimes#NONE}. */
    long localMillis = LogbackTimes.NONE;

    FoundMessage set(MessagePatterns.Hit hit, int start, int end, long line, LogTimestamp time, long localMillis) {
        return set(hit.kind(), hit.table(), hit.uuid(), hit.code(), start, end, line, time, localMillis);
    }

    FoundMessage set(LockEventKind kind, String table, String uuid, String code, int start, int end, long line,
            LogTimestamp time, long localMillis) {
        this.kind = kind;
        this.table = table;
        this.uuid = uuid;
        this.code = code;
        this.start = start;
        this.end = end;
        this.line = line;
        this.time = time;
        this.localMillis = localMillis;
        return this;
    }

    /** The time as shown, {@code zone} applied to a Logback time. */
    LogTimestamp timestamp(ZoneId zone) {
        return LogbackTimes.timestamp(time, localMillis, zone);
    }
}
