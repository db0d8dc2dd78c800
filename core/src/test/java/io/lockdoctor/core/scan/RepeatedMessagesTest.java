package io.lockdoctor.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash loop's repeated lines are read by comparing their bytes with the last one read in exact
 * wording ({@link RepeatedTimedLine}, {@link RepeatedLine}). These tests hold that shortcut to the window
 * parser's answers on crash loops whose lines are altered one byte, one timestamp or one retry number
 * at a time, as files (block borders anywhere) and as streams, and check what it accepts and refuses.
 */
class RepeatedMessagesTest {
    private static final ScanOptions OPTIONS = ScanOptions.defaults().withThreads(1)
            .withLogZone(ZoneId.of("Europe/Paris"));
    private static final LogScanner FAST = new LogScanner(OPTIONS, true);
    private static final LogScanner WINDOW_ONLY = new LogScanner(OPTIONS, false);
    private static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    private static final String WAIT_HEAD = " [main] INFO  c.u.f.jpa.migrate.HapiMigrationLock Waiting for lock on ";
    private static final String WAIT = "2025-03-11 03:00:04.101" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 4/50";
    private static final String EXCEPTION_LINE = Messages.EXCEPTION + ": " + Messages.blocked("FLY_HFJ_MIGRATION", UUID);
    /**
     * Heads of a wait line: HAPI's (its "Migration" glued into HapiMigrationLock), two holding messages the byte
     * scan must not skip, one holding an anchor standing alone but no message, and a logger "lock" (no anchor).
     */
    private static final List<String> WAIT_HEADS = List.of(WAIT_HEAD,
            " [main] ERROR c.u.f.HapiMigrator Migration failed; Waiting for lock on ",
            " [main] INFO  c.u.f.Holder Successfully removed lock record; Waiting for lock on ",
            " [main] INFO  c.u.f.Holder another Waiting for lock on ",
            " [main] INFO  c.u.f.lock.Holder Waiting for lock on ");

    @TempDir
    Path dir;

    @Test
    void alteredCrashLoopsGiveTheSameResultAsTheWindowParser() throws IOException {
        for (long seed = 0; seed < 350; seed++) {
            Random random = new Random(seed);
            String log = crashLoop(random, WAIT_HEADS.get((int) (seed % WAIT_HEADS.size())),
                    (int) (seed / WAIT_HEADS.size() % LAYOUTS));
            byte[] bytes = log.getBytes(StandardCharsets.ISO_8859_1);
            Path file = Files.write(dir.resolve("crash-" + seed + ".log"), bytes);
            ScanResult expected = WINDOW_ONLY.scan(file);
            assertThat(FAST.scan(file)).as("seed %d:%n%s", seed, log).isEqualTo(expected);
            assertThat(FAST.scan(new ByteArrayInputStream(bytes), file.toString())).as("stream, seed %d", seed)
                    .isEqualTo(expected);
            int block = 200 + random.nextInt(3000);
            ResultBuilder result = new ResultBuilder(OPTIONS);
            result.fileScanned();
            try (FileChannel channel = FileChannel.open(file)) {
                FileScan.scan(channel, bytes.length, file.toString(), OPTIONS, true, result, block);
            }
            assertThat(result.build()).as("blocks of %d bytes, seed %d", block, seed).isEqualTo(expected);
        }
    }

    @Test
    void aWaitIsReadFromTheLastOneWhenOnlyTimeAndRetryNumberDiffer() {
        String next = "2025-03-11 03:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 17/50";
        ByteBuffer b = buffer(WAIT + "\n" + next + "\n" + "2025-03-11 03:01:10.000 [main] INFO  x.Y next\n");
        RepeatedTimedLine repeated = rememberFirstWait(b);
        FoundMessage found = new FoundMessage();
        int w = WAIT.length() + 1 + next.indexOf("Waiting");

        assertThat(repeated.read(b, 0, b.limit(), true, w, 1, new LogbackTimes(), found)).isTrue();
        assertThat(found.kind).isEqualTo(LockEventKind.LOCK_WAIT);
        assertThat(found.table).isEqualTo("FLY_HFJ_MIGRATION");
        assertThat(found.start).isEqualTo(WAIT.length() + 1 + next.indexOf("Waiting"));
        assertThat(found.end).isEqualTo(WAIT.length() + 1 + next.length());
        assertThat(found.line).isEqualTo(1);
        assertThat(found.timestamp(null)).hasToString("2025-03-11T03:01:09.25");
    }

    @Test
    void aWaitThatDiffersElsewhereIsLeftToTheExactReading() {
        List<String> others = List.of(
                "2025-03-11 03:01:09.250" + WAIT_HEAD + "FLY_CDR_MIGRATION.  Retry 17/50",
                "2025-03-11 03:01:09.250" + WAIT_HEAD.replace("INFO ", "WARN ") + "FLY_HFJ_MIGRATION.  Retry 17/50",
                "2025-03-11 03:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 17/50 (again)",
                "2025-03-11 03:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 17/50x",
                "2025-03-11 03:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry /50",
                "2025-03-11 03:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 17/",
                "2025-03-11 03:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 1234567/50",
                "2025-03-11 24:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 17/50",
                "2025-02-30 03:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 17/50",
                "2025-03-11 03:01:60.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 17/50",
                "2025-03-11T03:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 17/50",
                "x2025-03-11 03:01:09.250" + WAIT_HEAD + "FLY_HFJ_MIGRATION.  Retry 17/50");
        for (String other : others) {
            ByteBuffer b = buffer(WAIT + "\n" + other + "\n");
            RepeatedTimedLine repeated = rememberFirstWait(b);
            int w = WAIT.length() + 1 + other.indexOf("Waiting");

            assertThat(repeated.read(b, 0, b.limit(), true, w, 1, new LogbackTimes(), new FoundMessage()))
                    .as(other).isFalse();
        }
    }

    @Test
    void theWaitsAfterAWaitAreReadWithoutTheByteScanOnlyWhenTheirHeadHoldsNoAnchor() {
        for (String head : WAIT_HEADS) {
            String first = "2025-03-11 03:00:04.101" + head + "FLY_HFJ_MIGRATION.  Retry 4/50";
            String next = "2025-03-11 03:00:05.101" + head + "FLY_HFJ_MIGRATION.  Retry 5/50";
            ByteBuffer b = buffer(first + "\n" + next + "\n2025-03-11 03:00:06.000 [main] INFO  x.Y next\n");
            RepeatedTimedLine repeated = new RepeatedTimedLine();
            int start = first.indexOf("Waiting");
            repeated.remember(b, 0, start, new MessagePatterns.Hit(LockEventKind.LOCK_WAIT, start, first.length(),
                    "FLY_HFJ_MIGRATION", null, null));
            FoundMessage found = new FoundMessage();

            int end = repeated.next(b, b.limit(), first.length(), b.limit(), 1, new LogbackTimes(), found);
            // Only a head with no anchor standing in it ("Migration" glued to HapiMigrationLock, "lock") is skipped.
            boolean quiet = head.equals(WAIT_HEAD) || head.contains(".lock.");
            assertThat(end).as(head).isEqualTo(quiet ? first.length() + 1 + next.length() : -1);
            if (quiet) {
                assertThat(found.start).isEqualTo(first.length() + 1 + next.indexOf("Waiting"));
                assertThat(found.line).isEqualTo(1);
            }
        }
    }

    @Test
    void aRepeatedExceptionLineTakesItsTimeFromTheLineAboveIt() throws IOException {
        StringBuilder log = new StringBuilder();
        for (int restart = 0; restart < 3; restart++) {
            log.append("2025-03-11 03:0").append(restart).append(":53.300 [main] ERROR c.u.f.jpa.migrate.HapiMigrator ")
                    .append("Migration failed\n").append(EXCEPTION_LINE).append('\n');
        }
        Path file = Files.writeString(dir.resolve("failed-starts.log"), log);

        ScanResult result = FAST.scan(file);
        assertThat(result).isEqualTo(WINDOW_ONLY.scan(file));
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.occurrences()).isEqualTo(3);
            assertThat(f.last().line()).isEqualTo(6);
            assertThat(f.last().timestamp()).hasToString("2025-03-11T03:02:53.3+01:00");
        });
    }

    @Test
    void anExceptionLineIsFoundAgainOnlyWhereItsMessageWasReadWithinTheLine() {
        String starts = Messages.blocked("FLY_HFJ_MIGRATION", UUID);
        for (String line : List.of(EXCEPTION_LINE, starts, "   " + starts)) {
            String before = "2025-03-11 03:00:53.300 [main] ERROR c.u.f.jpa.migrate.HapiMigrator Migration failed\n";
            ByteBuffer b = buffer(before + line + "\n" + before + line + "\n");
            int lineStart = before.length();
            int start = lineStart + line.indexOf("HAPI-2153");
            PhysicalLine parsed = new PhysicalLine();
            parsed.parse(b, lineStart, lineStart + line.length(), true, lineStart, lineStart, false, false);
            RepeatedLine repeated = new RepeatedLine();
            repeated.remember(b, lineStart, lineStart + line.length(), lineStart + line.indexOf("another"),
                    new MessagePatterns.Hit(LockEventKind.LOCK_BLOCKED, start, lineStart + line.length(),
                            "FLY_HFJ_MIGRATION", UUID, "HAPI-2153"), parsed);
            int second = 2 * lineStart + line.length() + 1;

            // The exact reading looks before a message for a code and across white space: only the
            // exception line's message is read within its line.
            assertThat(repeated.find(b, 0, b.limit(), true, second + line.indexOf("another")))
                    .as(line).isEqualTo(line.equals(EXCEPTION_LINE) ? second : -1);
        }
    }

    /** A wait is remembered as the exact reading would report it from its anchor, the word "Waiting". */
    private static RepeatedTimedLine rememberFirstWait(ByteBuffer b) {
        int start = WAIT.indexOf("Waiting");
        RepeatedTimedLine repeated = new RepeatedTimedLine();
        repeated.remember(b, 0, WAIT.indexOf("Waiting"),
                new MessagePatterns.Hit(LockEventKind.LOCK_WAIT, start, WAIT.length(), "FLY_HFJ_MIGRATION", null, null));
        return repeated;
    }

    private static ByteBuffer buffer(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Line layouts of the waits and failed migrations: see {@link #line}. */
    private static final int LAYOUTS = 10;

    /**
     * A few failed starts in layout {@code layout}, their waits with {@code head}, some of their lines
     * altered as the exact reading must notice.
     */
    private static String crashLoop(Random random, String head, int layout) {
        StringBuilder log = new StringBuilder();
        int second = 0;
        for (int restart = 0, restarts = 2 + random.nextInt(4); restart < restarts; restart++) {
            log.append(time(second, random)).append(" [main] INFO  ca.cdr.app.App Starting Smile CDR\n");
            for (int retry = 1, waits = 1 + random.nextInt(12); retry <= waits; retry++) {
                second++;
                String line = line(layout, time(second, random), head + "FLY_HFJ_MIGRATION.  Retry " + retry + "/50");
                log.append(maybeAltered(line, random)).append(lineEnd(random));
            }
            second++;
            String failed = line(layout, time(second, random),
                    " [main] ERROR c.u.f.jpa.migrate.HapiMigrator Migration failed");
            log.append(maybeAltered(failed, random)).append(lineEnd(random));
            String exception = switch (random.nextInt(8)) {
                case 0 -> Messages.blocked("FLY_HFJ_MIGRATION", UUID); // the message starts the line
                case 1 -> "   " + Messages.blocked("FLY_HFJ_MIGRATION", UUID);
                case 2 -> "\t" + EXCEPTION_LINE;
                default -> EXCEPTION_LINE;
            };
            if (random.nextInt(4) == 0) {
                // a line above whose message could take the exception line's head for its UUID
                log.append(Messages.blocked("FLY_HFJ_MIGRATION", null)).append(" and DESCRIPTION =\n");
            }
            log.append(maybeAltered(exception, random)).append(lineEnd(random));
            log.append("\tat ca.uhn.fhir.jpa.migrate.HapiMigrator.migrate(HapiMigrator.java:100)\n");
        }
        if (random.nextInt(4) == 0) {
            log.append(time(second + 1, random)).append(WAIT_HEAD).append("FLY_HFJ_MIGRATION.  Retry 1/50");
        }
        return log.toString();
    }

    /**
     * A line at {@code time} (Logback's layout, as {@link #time} made it) holding {@code text} (a head, then
     * the message): as Logback writes it by default, with ISO-8601 times (a zone, an offset, nanoseconds and
     * no zone), as Logstash JSON (the message last, or a field after it; another time key), behind a quote
     * marker or a docker compose prefix, or with a level before the time.
     */
    private static String line(int layout, String time, String text) {
        String iso = time.replace(' ', 'T');
        String json = text.substring(1);
        return switch (layout) {
            case 1 -> iso + "Z" + text;
            case 2 -> iso + "+01:00" + text;
            case 3 -> iso + "123456" + text; // nanoseconds, no zone: the log's applies
            case 4 -> "{\"@timestamp\":\"" + iso + "Z\",\"level\":\"INFO\",\"message\":\"" + json + "\"}";
            case 5 -> "{\"timestamp\":\"" + iso + "+02:00\",\"message\":\"" + json + "\",\"thread\":\"main\"}";
            case 6 -> "{\"time\":\"" + iso + "\",\"@timestamp\":\"" + iso + "Z\",\"message\":\"" + json + "\"}";
            case 7 -> "> " + time + text;
            case 8 -> "app-1  | " + iso + "Z" + text;
            case 9 -> "INFO " + iso + "Z" + text;
            default -> time + text;
        };
    }

    private static String time(int second, Random random) {
        String time = String.format("2025-03-11 03:%02d:%02d.%03d", second / 60 % 60, second % 60, second % 1000);
        return switch (random.nextInt(24)) {
            case 0 -> time.replace(" 03:", " 24:");
            case 1 -> time.replace("-03-11", "-02-30");
            case 2 -> time.replace('.', ',');
            case 3 -> time.replace(' ', 'T');
            case 4 -> time.substring(0, time.length() - 4);
            case 5 -> time.replace(":0", ":6");
            default -> time;
        };
    }

    private static String maybeAltered(String line, Random random) {
        if (random.nextInt(3) != 0) {
            return line;
        }
        return switch (random.nextInt(4)) {
            case 0 -> line.replace("Retry ", random.nextBoolean() ? "Retry\t" : "Retry  ");
            case 1 -> line + List.of("x", " ", "\\u0041", "\u001b[0m", "/50", "0").get(random.nextInt(6));
            case 2 -> line.replaceFirst("Retry \\d+/", random.nextBoolean() ? "Retry /" : "Retry 123456789/");
            default -> {
                char[] chars = line.toCharArray();
                String bytes = " \t\\x0.=lLkF\u001b>";
                chars[random.nextInt(chars.length)] = bytes.charAt(random.nextInt(bytes.length()));
                yield new String(chars);
            }
        };
    }

    private static String lineEnd(Random random) {
        return random.nextInt(5) == 0 ? "\r\n" : "\n";
    }
}
