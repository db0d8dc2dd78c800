package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAPI's exact wording is read without the window parser; these tests hold that shortcut to the
 * window parser's answers: every sample log and thousands of seeded random logs (every shape, exact
 * and altered wordings side by side) give the same result either way, as a file and as a stream.
 */
class ExactMessagesTest {
    private static final ScanOptions OPTIONS = ScanOptions.defaults().withThreads(1)
            .withLogZone(ZoneId.of("Europe/Paris"));
    private static final LogScanner FAST = new LogScanner(OPTIONS, true);
    private static final LogScanner WINDOW_ONLY = new LogScanner(OPTIONS, false);
    private static final List<String> SAMPLES = List.of("compose.log", "cri.log", "crlf-windows.log",
            "docker-json.log", "docs-wrapped.txt", "logback-hapi-h2-blocked.log", "logback-smile.log", "logstash.json",
            "near-misses.txt", "no-description.log", "old-variant.log", "smile.log.1.gz", "ticket-quoted.txt");

    @TempDir
    Path dir;

    @Test
    void everySampleLogGivesTheSameResultEitherWay() {
        for (String name : SAMPLES) {
            Path file = Samples.copy(name, dir);
            ScanResult fast = FAST.scan(file);
            assertThat(fast).as(name).isEqualTo(WINDOW_ONLY.scan(file));
            assertThat(fast.errors()).as(name).isEmpty();
        }
    }

    @Test
    void randomLogsOfEveryShapeGiveTheSameResultEitherWay() throws IOException {
        for (long seed = 7_000; seed < 7_300; seed++) {
            String log = randomLog(new Random(seed));
            byte[] bytes = log.getBytes(StandardCharsets.ISO_8859_1);
            Path file = Files.write(dir.resolve("random-" + seed + ".log"), bytes);
            ScanResult fast = FAST.scan(file);
            assertThat(fast).as("seed %d:%n%s", seed, log).isEqualTo(WINDOW_ONLY.scan(file));
            assertThat(FAST.scan(new ByteArrayInputStream(bytes), file.toString())).as("stream, seed %d", seed)
                    .isEqualTo(fast);
        }
    }

    @Test
    void aWindowStartingAtALineEndStillTakesTheTimeFromAbove() throws IOException {
        // A message line without a time of its own, under stack-trace lines and a timed line far above. The
        // window around the message starts 2 KB before it: where that is a line's newline, the line's part
        // in the window is empty, which was once taken for a blank line ending the search for a time.
        String top = "2025-03-11 03:00:00.000 [main] ERROR x.Y failed\n";
        String frames = "\tat x.Y.z(Y.java:1)\n".repeat(150);
        int found = 0;
        for (int pad = 1; pad <= 40; pad++) {
            String head = top + frames + "p".repeat(pad) + "\n";
            String log = head + "Migration failed\n";
            if (log.charAt(head.length() - WindowParser.BACK) != '\n') {
                continue;
            }
            found++;
            Path file = Files.writeString(dir.resolve("cut-" + pad + ".log"), log);
            for (ScanResult result : List.of(WINDOW_ONLY.scan(file), FAST.scan(file))) {
                assertThat(result.events()).singleElement().satisfies(e -> {
                    assertThat(e.kind()).isEqualTo(LockEventKind.MIGRATION_FAILED);
                    assertThat(e.timestamp()).hasToString("2025-03-11T03:00:00+01:00");
                });
            }
        }
        assertThat(found).as("paddings putting the window's start on a newline").isPositive();
    }

    @Test
    void aCrashLoopIsReadWhole() throws IOException {
        int restarts = 3_000;
        String uuid = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
        StringBuilder log = new StringBuilder();
        for (int r = 0; r < restarts; r++) {
            log.append("2025-03-11 03:00:00.012 [main] INFO  ca.cdr.app.App Starting\n");
            for (int i = 1; i <= 49; i++) {
                log.append(String.format("2025-03-11 03:%02d:%02d.101 [main] INFO  c.u.f.jpa.migrate.HapiMigrationLock "
                        + "Waiting for lock on FLY_HFJ_MIGRATION.  Retry %d/50%n", r % 60, i, i));
            }
            log.append("2025-03-11 03:00:50.300 [main] ERROR c.u.f.jpa.migrate.HapiMigrator Migration failed\n")
                    .append(Messages.EXCEPTION).append(": ").append(Messages.blocked("FLY_HFJ_MIGRATION", uuid))
                    .append("\n\tat ca.uhn.fhir.jpa.migrate.HapiMigrator.migrate(HapiMigrator.java:100)\n");
        }
        Path file = Files.writeString(dir.resolve("crash-loop.log"), log);
        ScanResult r = new LogScanner(ScanOptions.defaults()).scan(file);

        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.occurrences()).isEqualTo(restarts);
            assertThat(f.uuid()).isEqualTo(uuid);
            assertThat(f.first().line()).isEqualTo(52);
            assertThat(f.first().timestamp().toString()).isEqualTo("2025-03-11T03:00:50.3");
            assertThat(f.last().line()).isEqualTo(53L * restarts - 1);
        });
        assertThat(r.events().size() + r.eventsOmitted()).isEqualTo(51L * restarts);
        assertThat(r.events().get(0)).satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LockEventKind.LOCK_WAIT);
            assertThat(e.table()).isEqualTo("FLY_HFJ_MIGRATION");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.timestamp().toString()).isEqualTo("2025-03-11T03:00:01.101");
        });
    }

    /** Lines of every shape the scanner reads, holding exact and altered messages. */
    private static String randomLog(Random random) {
        int envelope = random.nextInt(6);
        boolean cri = envelope == 0;
        boolean docker = envelope == 1;
        StringBuilder log = new StringBuilder();
        int lines = 1 + random.nextInt(40);
        for (int i = 0; i < lines; i++) {
            String text = message(random);
            String line = switch (random.nextInt(cri ? 1 : 8)) {
                case 0 -> cri ? text : "2025-03-11 10:00:0" + random.nextInt(10) + ".123 [main] INFO  x.Y " + text;
                case 1 -> text; // a stack-trace line: the time is the event's above
                case 2 -> "{\"@timestamp\":\"2025-03-11T10:00:00.5+01:00\",\"message\":\"" + jsonEscaped(text) + "\"}";
                case 3 -> "> 2025-03-11 10:00:00,250 " + text;
                case 4 -> "\u001b[32m2025-03-11 10:00:00.000\u001b[0m " + text;
                case 5 -> "2025-03-11T10:00:00.000Z ERROR " + text;
                case 6 -> "app-1  | 2025-03-11 10:00:00.000 " + text;
                default -> "   " + text;
            };
            if (cri) {
                int cut = random.nextInt(3) == 0 ? random.nextInt(line.length() + 1) : line.length();
                if (cut < line.length()) {
                    log.append("2025-03-11T09:00:01.000000000Z stdout P ").append(line, 0, cut).append('\n');
                }
                log.append("2025-03-11T09:00:01.000000001Z stderr F ").append(line.substring(cut)).append('\n');
            } else if (docker) {
                // json-file: a record without "\n" at the end of its log is continued by the next
                int cut = random.nextInt(3) == 0 ? random.nextInt(line.length() + 1) : line.length();
                if (cut < line.length()) {
                    log.append("{\"log\":\"").append(jsonEscaped(line.substring(0, cut)))
                            .append("\",\"stream\":\"stdout\",\"time\":\"2025-03-11T09:00:01.000000000Z\"}\n");
                }
                log.append("{\"log\":\"").append(jsonEscaped(line.substring(cut)))
                        .append("\\n\",\"stream\":\"stdout\",\"time\":\"2025-03-11T09:00:01.000000001Z\"}\n");
            } else {
                log.append(line).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
            }
        }
        return log.toString();
    }

    private static String message(Random random) {
        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
        if (random.nextBoolean()) {
            uuid = uuid.toUpperCase(Locale.ROOT);
        }
        String table = random.nextBoolean() ? "FLY_HFJ_MIGRATION" : "FLY_CDR_MIGRATION";
        String exact = switch (random.nextInt(5)) {
            case 0 -> "Waiting for lock on " + table + ".  Retry " + (1 + random.nextInt(50)) + "/50";
            case 1 -> Messages.EXCEPTION + ": " + Messages.blocked(table, uuid);
            case 2 -> Messages.blocked(table, random.nextBoolean() ? uuid : null);
            case 3 -> Messages.added(uuid);
            default -> "Migration failed";
        };
        return switch (random.nextInt(8)) {
            case 0 -> exact.replace("lock on", "lock  on").replace(" table lock", "\ttable lock");
            case 1 -> exact + (random.nextBoolean() ? "\\u0041" : "\u001b[0mX");
            case 2 -> (random.nextBoolean() ? "Ab" : "\\u0041") + exact;
            case 3 -> exact.replace("HAPI-2153: ", "HAPI-2153:  ").replace("Retry ", "Retry\t");
            case 4 -> exact + exact;
            default -> exact;
        };
    }

    private static String jsonEscaped(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t").replace("\u001b", "\\u001b");
    }
}
