package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimelineFolderTest {
    private static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";

    private record Event(LockEventKind kind, String table, String uuid) {
    }

    private static final Event WAIT = new Event(LockEventKind.LOCK_WAIT, "FLY_HFJ_MIGRATION", null);
    private static final Event FAILED = new Event(LockEventKind.MIGRATION_FAILED, null, null);
    private static final Event BLOCKED = new Event(LockEventKind.LOCK_BLOCKED, "FLY_HFJ_MIGRATION", UUID);
    private static final Event ADDED = new Event(LockEventKind.LOCK_ADDED, null, UUID);

    @Test
    void aCrashLoopIsOneSeriesWithItsCountFirstAndLast() {
        List<Event> events = new ArrayList<>();
        events.add(ADDED);
        for (int r = 0; r < 500; r++) {
            for (int i = 0; i < 49; i++) {
                events.add(WAIT);
            }
            events.add(FAILED);
            events.add(BLOCKED);
        }
        List<TimelineEntry> timeline = fold(events, List.of());

        assertThat(timeline).hasSize(2);
        assertThat(timeline.get(0).kind()).isEqualTo(LockEventKind.LOCK_ADDED);
        TimelineEntry series = timeline.get(1);
        assertThat(series.isFailedStarts()).isTrue();
        assertThat(series.failedStarts()).isEqualTo(500);
        assertThat(series.minWaits()).isEqualTo(49);
        assertThat(series.maxWaits()).isEqualTo(49);
        assertThat(series.count()).isEqualTo(500 * 51);
        assertThat(series.uuid()).isEqualTo(UUID);
        assertThat(series.first().line()).isEqualTo(2);
        assertThat(series.last().line()).isEqualTo(events.size());
        assertThat(series.last().timestamp().dateTime()).isEqualTo(time(events.size() - 1));
    }

    @Test
    void oneFailedStartIsShownAsItsRunsAndOtherMessagesAreRuns() {
        List<Event> events = new ArrayList<>(List.of(WAIT, WAIT, WAIT, FAILED, BLOCKED, ADDED, ADDED));
        List<TimelineEntry> timeline = fold(events, List.of());

        assertThat(timeline).extracting(TimelineEntry::kind, TimelineEntry::count, TimelineEntry::failedStarts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.LOCK_WAIT, 3L, 0L),
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.MIGRATION_FAILED, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.LOCK_BLOCKED, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.LOCK_ADDED, 2L, 0L));
    }

    /**
     * The runs of a start merged into a series are reused for the next runs: a start shown as its runs,
     * between two series, keeps its own rows whatever is folded after it.
     */
    @Test
    void aStartShownAsItsRunsKeepsThemWhileLaterStartsFold() {
        Event otherLock = new Event(LockEventKind.LOCK_BLOCKED, "FLY_CDR_MIGRATION", "0b8e5bd4-64e8-4a1f-b0a2-0c1a6c3a0f11");
        List<Event> events = new ArrayList<>();
        for (int waits : new int[] {2, 3, 4}) {
            start(events, waits, BLOCKED);
        }
        start(events, 1, otherLock);
        for (int waits : new int[] {5, 6, 7, 8}) {
            start(events, waits, BLOCKED);
        }
        events.add(ADDED);

        List<TimelineEntry> timeline = fold(events, List.of());

        assertThat(timeline).extracting(TimelineEntry::kind, TimelineEntry::table, TimelineEntry::count,
                TimelineEntry::failedStarts, TimelineEntry::minWaits, TimelineEntry::maxWaits,
                e -> e.first().line(), e -> e.last().line())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.LOCK_BLOCKED, "FLY_HFJ_MIGRATION", 15L, 3L, 2L, 4L, 1L, 15L),
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.LOCK_WAIT, "FLY_HFJ_MIGRATION", 1L, 0L, 0L, 0L, 16L, 16L),
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.MIGRATION_FAILED, null, 1L, 0L, 0L, 0L, 17L, 17L),
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.LOCK_BLOCKED, "FLY_CDR_MIGRATION", 1L, 0L, 0L, 0L, 18L, 18L),
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.LOCK_BLOCKED, "FLY_HFJ_MIGRATION", 34L, 4L, 5L, 8L, 19L, 52L),
                        org.assertj.core.groups.Tuple.tuple(LockEventKind.LOCK_ADDED, null, 1L, 0L, 0L, 0L, 53L, 53L));
        assertThat(timeline.get(3).uuid()).isEqualTo(otherLock.uuid());
        assertThat(timeline.get(1).last().timestamp().dateTime()).isEqualTo(time(15));
    }

    /** A start that waited {@code waits} times, then failed with {@code blocked}. */
    private static void start(List<Event> events, int waits, Event blocked) {
        for (int i = 0; i < waits; i++) {
            events.add(WAIT);
        }
        events.add(FAILED);
        events.add(blocked);
    }

    /** Chunks fold separately and are replayed in order: the result must be that of one pass, wherever the cuts. */
    @Test
    void foldingInChunksGivesTheSameTimelineAsOnePass() {
        List<Event> kinds = List.of(WAIT, WAIT, WAIT, WAIT, FAILED, BLOCKED, ADDED,
                new Event(LockEventKind.LOCK_BLOCKED, "FLY_CDR_MIGRATION", null));
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            List<Event> events = new ArrayList<>();
            int restarts = random.nextInt(30);
            for (int r = 0; r < restarts; r++) {
                if (random.nextInt(4) == 0) {
                    events.add(kinds.get(random.nextInt(kinds.size())));
                }
                int waits = 1 + random.nextInt(random.nextBoolean() ? 3 : 50);
                for (int i = 0; i < waits; i++) {
                    events.add(WAIT);
                }
                if (random.nextBoolean()) {
                    events.add(FAILED);
                }
                events.add(random.nextInt(8) == 0 ? ADDED : BLOCKED);
            }
            List<Integer> cuts = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0 && !events.isEmpty(); i--) {
                cuts.add(random.nextInt(events.size() + 1));
            }
            cuts.sort(null);
            assertThat(fold(events, cuts)).as("seed %d, cuts %s", seed, cuts).isEqualTo(fold(events, List.of()));
        }
    }

    /**
     * Folds {@code events} in chunks cut at {@code cuts}, replayed in order as the scanner does; without
     * cuts, in one pass.
     */
    private static List<TimelineEntry> fold(List<Event> events, List<Integer> cuts) {
        if (cuts.isEmpty()) {
            TimelineFolder single = new TimelineFolder(1000, false, null);
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                single.add(e.kind(), e.table(), e.uuid(), "app.log", i, new LogTimestamp(time(i), null), LogbackTimes.NONE);
            }
            return single.entries();
        }
        TimelineFolder result = new TimelineFolder(1000, false, null);
        int from = 0;
        List<Integer> ends = new ArrayList<>(cuts);
        ends.add(events.size());
        for (int end : ends) {
            TimelineFolder chunk = new TimelineFolder(1000, true, null);
            for (int i = from; i < end; i++) {
                Event e = events.get(i);
                chunk.add(e.kind(), e.table(), e.uuid(), null, i - from, new LogTimestamp(time(i), null), LogbackTimes.NONE);
            }
            result.replay(chunk, "app.log", from);
            from = end;
        }
        return result.entries();
    }

    private static LocalDateTime time(int i) {
        return LocalDateTime.of(2025, 3, 11, 3, 0).plusSeconds(i);
    }
}
