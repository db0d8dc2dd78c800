package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties: noise never makes a finding; a real message survives any re-wrapping and any CRI split. */
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

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(400).map(tokens -> String.join(" ", tokens));
    }

    @Property(tries = 300)
    void randomNoiseNeverProducesAFinding(@ForAll("noise") String text) {
        ScanResult r = scan(text);
        assertThat(r.findings()).isEmpty();
        assertThat(r.errors()).isEmpty();
    }

    @Property(tries = 200)
    void randomBytesNeverProduceAFindingOrAnError(@ForAll @Size(max = 5000) byte[] bytes) {
        ScanResult r = SCANNER.scan(new ByteArrayInputStream(bytes), "bytes");
        assertThat(r.findings()).isEmpty();
        assertThat(r.errors()).isEmpty();
        assertThat(r.bytesScanned()).isEqualTo(bytes.length);
    }

    @Provide
    Arbitrary<String> uuids() {
        return Arbitraries.create(java.util.UUID::randomUUID).map(java.util.UUID::toString)
                .flatMap(u -> Arbitraries.of(u, u.toUpperCase(java.util.Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> markers() {
        return Arbitraries.of("", "> ", ">> ", "> > ", "    ", "\t");
    }

    @Provide
    Arbitrary<String> newlines() {
        return Arbitraries.of("\n", "\r\n");
    }

    @Property(tries = 300)
    void aMessageSurvivesArbitraryRewrapping(@ForAll("uuids") String uuid, @ForAll @IntRange(min = 8, max = 200) int width,
            @ForAll("markers") String marker, @ForAll("newlines") String newline,
            @ForAll @IntRange(max = 30) int linesBefore, @ForAll @IntRange(max = 30) int linesAfter) {
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
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.uuid()).isEqualTo(uuid.toLowerCase(java.util.Locale.ROOT));
            assertThat(f.table()).isEqualTo("FLY_CDR_MIGRATION");
            assertThat(f.code()).isEqualTo("HAPI-2153");
            assertThat(f.first().line()).isEqualTo(linesBefore + 1L);
        });
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(1, 400).list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 300)
    void criPartialRecordsSplitAnywhereAreRejoined(@ForAll("uuids") String uuid, @ForAll("cuts") List<Integer> cuts,
            @ForAll boolean addedMessage) {
        String text = addedMessage ? "2025-03-11 10:00:00.000 [main] INFO  HapiMigrationLock " + Messages.added(uuid)
                : Messages.EXCEPTION + ": " + Messages.blocked("FLY_HFJ_MIGRATION", uuid);
        List<Integer> points = new ArrayList<>(cuts.stream().filter(c -> c < text.length()).distinct().sorted()
                .toList());
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
        assertThat(r.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.uuid()).isEqualTo(uuid.toLowerCase(java.util.Locale.ROOT));
            assertThat(e.line()).isEqualTo(2);
        });
    }

    @Property(tries = 100)
    void sameLockRepeatedIsOneFindingWithItsCount(@ForAll @IntRange(min = 1, max = 40) int times,
            @ForAll("uuids") String uuid) {
        String line = "2025-03-11 10:00:00.000 [main] ERROR App " + Messages.blocked("FLY_HFJ_MIGRATION", uuid) + "\n";
        ScanResult r = scan(line.repeat(times));
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.occurrences()).isEqualTo(times);
            assertThat(f.first().line()).isEqualTo(1);
            assertThat(f.last().line()).isEqualTo(times);
        });
    }

    private static ScanResult scan(String text) {
        return SCANNER.scan(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), "prop.log");
    }

}
