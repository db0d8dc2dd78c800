package io.lockdoctor.core;

import java.util.List;
import java.util.OptionalLong;

/**
 * How the write counters moved across a window, and how much of the rise is explained.
 *
 * @param rise how far the counters of the database's tables rose; empty when it keeps none
 * @param explained how much of {@code rise} is accounted for without a writer that could be a
 *        migration: failed lock INSERTs of a waiting node, writes made before the window that the
 *        database published late
 * @param notes what was done and found, one sentence each
 */
record WriteEvidence(OptionalLong rise, long explained, List<String> notes) {

    public WriteEvidence {
        notes = List.copyOf(notes);
        if (explained < 0 || (rise.isPresent() && explained > rise.getAsLong())) {
            throw new IllegalArgumentException("explained writes out of range: " + explained + " of " + rise);
        }
    }

    public static WriteEvidence none() {
        return new WriteEvidence(OptionalLong.empty(), 0, List.of());
    }

    public static WriteEvidence of(long rise) {
        return new WriteEvidence(OptionalLong.of(rise), 0, List.of());
    }

    /** The rise nothing explains: a writer that could be a migration. */
    public long unexplained() {
        return rise.isPresent() ? rise.getAsLong() - explained : 0;
    }
}
