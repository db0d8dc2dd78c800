package io.lockdoctor.core.scan;

/**
 * Where something was first and last seen: lines count the newlines before, from the origin; a time
 * is the {@link LogTimestamp} as given or, when null, Logback's local millis ({@link LogbackTimes}).
 * Mutable and allocation-free to grow: a crash loop extends one span millions of times.
 */
class Span {
    long firstLine;
    LogTimestamp firstTime;
    long firstLocal;
    long lastLine;
    LogTimestamp lastTime;
    long lastLocal;

    /** Seen first (and so far last) at this place. */
    final void startAt(long line, LogTimestamp time, long localMillis) {
        firstLine = line;
        firstTime = time;
        firstLocal = localMillis;
        extendTo(line, time, localMillis);
    }

    /** Seen again, last, at this place. */
    final void extendTo(long line, LogTimestamp time, long localMillis) {
        lastLine = line;
        lastTime = time;
        lastLocal = localMillis;
    }

    /** Starts where {@code other} starts. */
    final void startWith(Span other) {
        firstLine = other.firstLine;
        firstTime = other.firstTime;
        firstLocal = other.firstLocal;
    }

    /** Ends where {@code other} ends. */
    final void endAt(Span other) {
        extendTo(other.lastLine, other.lastTime, other.lastLocal);
    }
}
