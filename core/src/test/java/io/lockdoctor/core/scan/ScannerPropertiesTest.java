package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Properties, each checked on a few hundred seeded random inputs (a failure names its seed, so it
 * reproduces): noise never makes a finding; a real message survives any re-wrapping and any CRI split.
 */
class ScannerPropertiesTest {
    private static final LogScanner SCANNER = new LogScanner(ScanOptions.defaults().withThreads(1));

    /** Words of the messages and their neighbours, in random order: never the whole message. */
    private static final List<String> TOKENS = List.of("lock", "Lock", "table", "the", "The", "record", "HAPI-2153:",
            "HAPI-2152:", "HAPI-0047:", "Unable", "to", "obtain", "-", "another", "database", "migration", "Migration",
            "may", "be", "running.", "INSTALLED_RANK", "=", "-100", "and", "DESCRIPTION", "FLY_HFJ_MIGRATION",
            "FLY_CDR_MIGRATION", "cc38089f-d3ab-4ac6-a65f-dcc0727cee10", "[uuid=", "]", "Waiting", "for", "on",
            "Retry", "1/50", "Repairing", "Removing", "row", "in", "with", "removed", "Failure", "fail", "Row",
            "added.", "\n", "\r\n", "> ", "\\n", "\\\"", "{\"log\":\"", "\",\"stream\":\"stdout\"}", "\t", "  ",
            "2025-03-11 10:00:00.000", "2025-03-11T09:00:00.000000000Z stdout P ", "ReentrantLock.lock(",
            "\u0000", "\u00ff", "unlocking,", "competing", "was", "found");

    /** Runs {@code property} {@code tries} times, each with its own seeded generator named in a failure. */
    private static void forAll(int tries, long seedBase, Consumer<Random> property) {
        for (int i = 0; i < tries; i++) {
            long seed = seedBase + i;
            try {
                property.accept(new Random(seed));
            } catch (AssertionError e) {
                throw new AssertionError("property failed for seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static String noise(Random random) {
        int size = random.nextInt(401);
        List<String> tokens = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            tokens.add(TOKENS.get(random.nextInt(TOKENS.size())));
        }
        return String.join(" ", tokens);
    }

    private static String uuid(Random random) {
        String u = new UUID(random.nextLong(), random.nextLong()).toString();
        return random.nextBoolean() ? u : u.toUpperCase(Locale.ROOT);
    }

    private static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    @Test
    void randomNoiseNeverProducesAFinding() {
        forAll(300, 1_000, random -> {
            String text = noise(random);
            ScanResult r = scan(text);
            assertThat(r.findings()).as(text).isEmpty();
            assertThat(r.errors()).isEmpty();
        });
    }

    @Test
    void randomBytesNeverProduceAFindingOrAnError() {
        forAll(200, 2_000, random -> {
            byte[] bytes = new byte[random.nextInt(5001)];
            random.nextBytes(bytes);
            ScanResult r = SCANNER.scan(new ByteArrayInputStream(bytes), "bytes");
            assertThat(r.findings()).isEmpty();
            assertThat(r.errors()).isEmpty();
            assertThat(r.bytesScanned()).isEqualTo(bytes.length);
        });
    }

    @Test
    void aMessageSurvivesArbitraryRewrapping() {
        forAll(300, 3_000, random -> {
            String uuid = uuid(random);
            int width = 8 + random.nextInt(193);
            String marker = oneOf(random, List.of("", "> ", ">> ", "> > ", "    ", "\t"));
            String newline = oneOf(random, List.of("\n", "\r\n"));
            int linesBefore = random.nextInt(31);
            int linesAfter = random.nextInt(31);
            StringBuilder log = new StringBuilder();
            for (int i = 0; i < linesBefore; i++) {
                log.append("2025-03-11 10:00:00.000 [main] INFO  noise ").append(i).append(newline);
            }
            for (String line : ChunkBoundaryTest.wrap(marker, Messages.blocked("FLY_CDR_MIGRATION", uuid), width)) {
                log.append(line).append(newline);
            }
            for (int i = 0; i < linesAfter; i++) {
                log.append("\tat ca.uhn.Noise.run(Noise.java:").append(i).append(')').append(newline);
            }
            ScanResult r = scan(log.toString());
            assertThat(r.findings()).as(log.toString()).singleElement().satisfies(f -> {
                assertThat(f.uuid()).isEqualTo(uuid.toLowerCase(Locale.ROOT));
                assertThat(f.table()).isEqualTo("FLY_CDR_MIGRATION");
                assertThat(f.code()).isEqualTo("HAPI-2153");
                assertThat(f.first().line()).isEqualTo(linesBefore + 1L);
            });
        });
    }

    @Test
    void criPartialRecordsSplitAnywhereAreRejoined() {
        forAll(300, 4_000, random -> {
            String uuid = uuid(random);
            boolean addedMessage = random.nextBoolean();
            String text = addedMessage ? "2025-03-11 10:00:00.000 [main] INFO  HapiMigrationLock " + Messages.added(uuid)
                    : Messages.EXCEPTION + ": " + Messages.blocked("FLY_HFJ_MIGRATION", uuid);
            int count = 1 + random.nextInt(12);
            TreeSet<Integer> points = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                int cut = 1 + random.nextInt(400);
                if (cut < text.length()) {
                    points.add(cut);
                }
            }
            StringBuilder log = new StringBuilder("2025-03-11T09:00:00.000000000Z stdout F before\n");
            int from = 0;
            for (int p : points) {
                log.append("2025-03-11T09:00:01.000000000Z stdout P ").append(text, from, p).append('\n');
                from = p;
            }
            log.append("2025-03-11T09:00:01.000000001Z stdout F ").append(text.substring(from)).append('\n');
            log.append("2025-03-11T09:00:02.000000000Z stdout F after\n");

            ScanResult r = scan(log.toString());
            LockEventKind kind = addedMessage ? LockEventKind.LOCK_ADDED : LockEventKind.LOCK_BLOCKED;
            assertThat(r.events()).as(log.toString()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(kind);
                assertThat(e.uuid()).isEqualTo(uuid.toLowerCase(Locale.ROOT));
                assertThat(e.line()).isEqualTo(2);
            });
        });
    }

    @Test
    void sameLockRepeatedIsOneFindingWithItsCount() {
        forAll(100, 5_000, random -> {
            int times = 1 + random.nextInt(40);
            String line = "2025-03-11 10:00:00.000 [main] ERROR App "
                    + Messages.blocked("FLY_HFJ_MIGRATION", uuid(random)) + "\n";
            ScanResult r = scan(line.repeat(times));
            assertThat(r.findings()).singleElement().satisfies(f -> {
                assertThat(f.occurrences()).isEqualTo(times);
                assertThat(f.first().line()).isEqualTo(1);
                assertThat(f.last().line()).isEqualTo(times);
            });
        });
    }

    private static ScanResult scan(String text) {
        return SCANNER.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), "prop.log");
    }

}
