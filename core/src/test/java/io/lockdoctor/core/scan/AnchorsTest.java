package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The prefilter's anchors: each is flagged at every alignment and recognised, the common words of
 * Java logs are not anchors, and every message kind is found in every form a log or a paste gives it.
 */
class AnchorsTest {
    private static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final LogScanner SCANNER = new LogScanner(ScanOptions.defaults().withThreads(1));

    /** One message of each kind, in HAPI's wording. */
    private static final Map<String, LockEventKind> MESSAGES = Map.of(
            Messages.blocked("FLY_HFJ_MIGRATION", UUID), LockEventKind.LOCK_BLOCKED,
            "Unable to obtain table lock - another Database Migration may be running", LockEventKind.LOCK_BLOCKED,
            Messages.added(UUID), LockEventKind.LOCK_ADDED,
            "Waiting for lock on FLY_HFJ_MIGRATION.  Retry 7/50", LockEventKind.LOCK_WAIT,
            "Repairing lock table.  Removing row in FLY_HFJ_MIGRATION with INSTALLED_RANK = -100 and DESCRIPTION = "
                    + UUID, LockEventKind.LOCK_REPAIR,
            "Successfully removed lock record", LockEventKind.LOCK_REMOVED,
            "Failed to delete migration lock record for description = [" + UUID + "]",
            LockEventKind.LOCK_RELEASE_FAILED,
            "HAPI-2152: Internal error: on unlocking, a competing lock was found", LockEventKind.COMPETING_LOCK,
            "HAPI-0047: Failure executing task", LockEventKind.MIGRATION_FAILED,
            "Migration failed", LockEventKind.MIGRATION_FAILED);

    @Test
    void everyAnchorIsFoundFromItsPieceAtEveryAlignment() {
        for (Anchors.Anchor anchor : Anchors.Anchor.values()) {
            String word = new String(anchor.word, StandardCharsets.US_ASCII);
            for (int at = 0; at < 16; at++) {
                ByteBuffer b = buffer(" ".repeat(at) + word + " " + " ".repeat(16));
                List<Integer> found = new ArrayList<>();
                // pieces are looked up at offsets divisible by four only
                for (int p = 0; p + 4 <= b.limit(); p += 4) {
                    // the bytes after a piece never rule out the anchor it is a piece of
                    if (!Anchors.isPiece(b, p) || !Anchors.mayContinue(b, p, Anchors.slot(b.getInt(p)), b.limit())) {
                        continue;
                    }
                    for (int holder : Anchors.holders(Anchors.slot(b.getInt(p)))) {
                        int start = p - (holder & 0xFF);
                        if (Anchors.Anchor.ALL[holder >>> 8] == anchor && Anchors.at(b, 0, b.limit(), anchor, start)) {
                            found.add(start);
                        }
                    }
                }
                assertThat(found).as("%s at %d", word, at).containsExactly(at);
            }
        }
    }

    @Test
    void commonWordsAndAnchorsGluedToLettersAreNoAnchors() {
        String text = "[main] ReentrantLock.lock available Failed to deliver HapiMigrationLock HapiMigrationException "
                + "Maintenance others Waitings Migration2 migrations_ Successfullyx HAPI-2153: HAPI-0047 HAPI-21520 ";
        ByteBuffer b = buffer(text + " ".repeat(16));
        for (Anchors.Anchor anchor : Anchors.Anchor.values()) {
            for (int j = 0; j < text.length(); j++) {
                assertThat(Anchors.at(b, 0, b.limit(), anchor, j)).as("%s at %d of %s", anchor, j, text).isFalse();
            }
        }
    }

    @Test
    void anAnchorMayStandWhereTheBytesBelowTheLimitDoNotRuleItOut() {
        ByteBuffer b = buffer("x another anotherx HapiMigrationLock HAPI-0047: anoth");
        String text = "x another anotherx HapiMigrationLock HAPI-0047: anoth";
        int limit = b.limit();
        assertThat(Anchors.mayStandAt(b, text.indexOf("another "), limit)).isTrue();
        assertThat(Anchors.mayStandAt(b, text.indexOf("anotherx"), limit)).as("glued to a letter").isFalse();
        assertThat(Anchors.mayStandAt(b, text.indexOf("Migration"), limit)).as("glued to Lock").isFalse();
        assertThat(Anchors.mayStandAt(b, text.indexOf("HAPI-0047"), limit)).isTrue();
        assertThat(Anchors.mayStandAt(b, text.lastIndexOf("anoth"), limit)).as("cut by the limit").isTrue();
        assertThat(Anchors.mayStandAt(b, text.indexOf("another "), text.indexOf("another ") + 7))
                .as("the byte after it unknown").isTrue();
        assertThat(Anchors.mayStandAt(b, 0, limit)).isFalse();
    }

    @Test
    void everyMessageIsFoundWrappedAtAnyWidthWithOrWithoutQuoteMarkers() {
        MESSAGES.forEach((message, kind) -> {
            for (String marker : List.of("", "> ", "    ")) {
                for (int width = 1; width <= message.length() + marker.length(); width += 3) {
                    String log = "2025-03-11 10:00:00.000 [main] INFO  noise\n"
                            + String.join("\n", ChunkBoundaryTest.wrap(marker, message, width)) + "\nafter\n";
                    assertThat(kinds(log)).as(log).containsExactly(kind);
                }
            }
        });
    }

    @Test
    void everyMessageIsFoundInJsonWithEscapedLineBreaksAndInACriRecord() {
        MESSAGES.forEach((message, kind) -> {
            String escaped = message.replace(" lock ", "\\n\\tlock ").replace(" table", "\\r\\n table");
            String json = "{\"@timestamp\":\"2025-03-11T10:00:00.5+01:00\",\"message\":\"x\",\"stack_trace\":\"e: "
                    + escaped + "\\n\\tat x.Y\"}\n";
            assertThat(kinds(json)).as(json).containsExactly(kind);
            String cri = "2025-03-11T09:00:00.000000000Z stdout F 2025-03-11 10:00:00.000 [main] " + message + "\n";
            assertThat(kinds(cri)).as(cri).containsExactly(kind);
        });
    }

    @Test
    void piecesInsideOtherWordsAreRuledOutByTheBytesAfterThem() {
        // every frame of HAPI's migration stack trace holds pieces of Migration and migration
        String text = "\tat ca.uhn.fhir.jpa.migrate.HapiMigrator.migrate(HapiMigrator.java:100)";
        for (int at = 0; at < 4; at++) {
            ByteBuffer b = buffer(" ".repeat(at) + text + " ".repeat(16));
            int pieces = 0;
            for (int p = 0; p + 4 <= b.limit(); p += 4) {
                if (Anchors.isPiece(b, p)) {
                    pieces++;
                    assertThat(Anchors.mayContinue(b, p, Anchors.slot(b.getInt(p)), b.limit())).as("at %d", p).isFalse();
                }
            }
            assertThat(pieces).as("pieces at alignment %d", at).isPositive();
        }
    }

    private static List<LockEventKind> kinds(String log) {
        ScanResult r = SCANNER.scan(new ByteArrayInputStream(log.getBytes(StandardCharsets.US_ASCII)), "test.log");
        return r.events().stream().map(LockEvent::kind).toList();
    }

    private static ByteBuffer buffer(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
