package io.lockdoctor.core.scan;

/**
 * One step of the lock's timeline, flat as in the JSON contract.
 *
 * @param kind      what happened
 * @param uuid      lower-case canonical UUID the line names, or {@code null}
 * @param table     history table the line names, or {@code null}
 * @param file      the path as given, or {@code -} for standard input
 * @param line      1-based physical line number
 * @param timestamp the log time, or {@code null} when the line has none
 */
public record LockEvent(LockEventKind kind, String uuid, String table, String file, long line,
        LogTimestamp timestamp) {

    /** The place of this event. */
    public LogLocation location() {
        return new LogLocation(file, line, timestamp);
    }
}
