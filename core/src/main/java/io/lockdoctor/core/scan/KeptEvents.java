package io.lockdoctor.core.scan;

import java.time.ZoneId;
import java.util.Arrays;

/**
 * The events of one stretch of input that the result lists, in bounded memory and without an object
 * per event: the first tenth of the limit, then a ring of the most recent. Fields live in arrays
 * (strings are shared, not copied) and become {@link LockEvent}s only when the result is built.
 */
final class KeptEvents {
    private final int headLimit;
    private final int tailLimit;
    /** Slots {@code [0, headLimit)} hold the head, the rest the ring; arrays grow up to the limit. */
    private LockEventKind[] kinds = new LockEventKind[16];
    private String[] tables = new String[16];
    private String[] uuids = new String[16];
    private long[] lines = new long[16];
    private LogTimestamp[] times = new LogTimestamp[16];
    private long[] locals = new long[16];
    private int headSize;
    /** Ring slot of the oldest event kept after the head, and how many are kept there. */
    private int ringStart;
    private int ringSize;
    private long omitted;

    /** @param maxEvents events kept: the first tenth and the most recent rest */
    KeptEvents(int maxEvents) {
        this.headLimit = Math.max(1, maxEvents / 10);
        this.tailLimit = maxEvents - headLimit;
    }

    void add(FoundMessage m) {
        int slot = ringSize == tailLimit ? oldestSlot() : freeSlot();
        kinds[slot] = m.kind;
        tables[slot] = m.table;
        uuids[slot] = m.uuid;
        lines[slot] = m.line;
        times[slot] = m.time;
        locals[slot] = m.localMillis;
    }

    /** Once the list is full, the common case: the oldest of the ring makes way. */
    private int oldestSlot() {
        int slot = headLimit + ringStart;
        ringStart = ringStart + 1 == tailLimit ? 0 : ringStart + 1;
        omitted++;
        return slot;
    }

    /** The next slot while the list is not full, the arrays grown to hold it. */
    private int freeSlot() {
        int slot = headSize < headLimit ? headSize++ : headLimit + ringSize++;
        if (slot >= kinds.length) {
            grow(slot);
        }
        return slot;
    }

    private void grow(int slot) {
        int size = (int) Math.min((long) headLimit + tailLimit, Math.max(slot + 1L, kinds.length * 2L));
        kinds = Arrays.copyOf(kinds, size);
        tables = Arrays.copyOf(tables, size);
        uuids = Arrays.copyOf(uuids, size);
        lines = Arrays.copyOf(lines, size);
        times = Arrays.copyOf(times, size);
        locals = Arrays.copyOf(locals, size);
    }

    /** Events kept. */
    int size() {
        return headSize + ringSize;
    }

    /** Events dropped from the middle: between the head and the oldest of the ring. */
    long omitted() {
        return omitted;
    }

    /**
     * The kept event at {@code index} (in input order), in {@code file} with its line moved by
     * {@code newlinesBefore} and made 1-based.
     */
    LockEvent event(int index, String file, long newlinesBefore, ZoneId zone) {
        int slot = index < headSize ? index : headLimit + (ringStart + index - headSize) % tailLimit;
        return new LockEvent(kinds[slot], uuids[slot], tables[slot], file, newlinesBefore + lines[slot] + 1,
                LogbackTimes.timestamp(times[slot], locals[slot], zone));
    }
}
