package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chunks' events merged in file order keep the first tenth of the limit and the most recent rest,
 * whatever the chunks' sizes: events a chunk's later ones push out again are counted, not made.
 */
class ResultBuilderTest {
    private static final int MAX_EVENTS = 20;
    private static final ScanOptions OPTIONS = ScanOptions.defaults().withMaxEvents(MAX_EVENTS);

    @Test
    void keepsTheFirstAndTheMostRecentEventsOfChunksOfEverySize() {
        int[][] chunkSizes = {{0, 3, 40, 1, 17, 18, 19, 50, 2}, {1, 1, 1}, {25}, {2, 30}, {19, 19}, {18, 0, 18}};
        for (int[] sizes : chunkSizes) {
            ResultBuilder builder = new ResultBuilder(OPTIONS);
            List<Long> all = new ArrayList<>();
            long line = 0;
            for (int size : sizes) {
                MatchCollector collector = new MatchCollector(OPTIONS);
                FoundMessage m = new FoundMessage();
                for (int k = 0; k < size; k++) {
                    collector.add(m.set(LockEventKind.LOCK_WAIT, "FLY_HFJ_MIGRATION", null, null, 0, 1, k, null,
                            LogbackTimes.NONE));
                    all.add(line + k + 1);
                }
                builder.merge("app.log", collector, line);
                line += size;
            }
            ScanResult result = builder.build();

            int head = MAX_EVENTS / 10;
            List<Long> expected = new ArrayList<>(all.subList(0, Math.min(head, all.size())));
            if (all.size() > head) {
                expected.addAll(all.subList(Math.max(head, all.size() - (MAX_EVENTS - head)), all.size()));
            }
            assertThat(result.events()).as("chunks %s", java.util.Arrays.toString(sizes))
                    .extracting(LockEvent::line).containsExactlyElementsOf(expected);
            assertThat(result.eventsOmitted()).as("chunks %s", java.util.Arrays.toString(sizes))
                    .isEqualTo(all.size() - expected.size());
        }
    }
}
