package io.lockdoctor.core.scan;

/**
 * One row of the timeline with repetition folded, as a person reads a crash loop: a run of the same
 * message (49 waits in a row are one entry), or a series of failed starts (each start waited, then
 * gave up with HAPI-2153) in one entry with its count.
 *
 * @param kind         the message of a run; {@link LockEventKind#LOCK_BLOCKED} for a series of failed starts
 * @param table        the history table the messages name, or {@code null}
 * @param uuid         the lock UUID they name, or {@code null}
 * @param count        messages folded into this entry (all kinds, for a series)
 * @param failedStarts 0 for a run; for a series, how many starts waited and then gave up
 * @param minWaits     for a series, the fewest waits of one start (0 for a run)
 * @param maxWaits     for a series, the most waits of one start (0 for a run)
 * @param first        where the entry begins
 * @param last         where it ends (the same place as {@code first} for one message)
 */
public record TimelineEntry(LockEventKind kind, String table, String uuid, long count, long failedStarts,
        long minWaits, long maxWaits, LogLocation first, LogLocation last) {

    /** Whether this entry is a series of failed starts rather than a run of one message. */
    public boolean isFailedStarts() {
        return failedStarts > 0;
    }
}
