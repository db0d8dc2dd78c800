package io.lockdoctor.cli.wait;

import io.lockdoctor.core.support.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a wait shows while it waits. On a terminal: one status line redrawn in place. Without one
 * (an init container's log): a time-stamped line whenever what is seen changes, and a heartbeat
 * line at a fixed interval, so a log that goes quiet for long means the process is gone.
 */
public final class WaitProgress {
    /** How often, at most, a log without news says the wait goes on. */
    public static final Duration HEARTBEAT = Duration.ofMinutes(1);
    private static final int LIVE_LINE_CHARS = 160;

    private final PrintWriter err;
    private final Clock clock;
    private final boolean live;
    private final Duration heartbeat;
    private final Instant started;
    private Long migrationsAtStart;
    private List<String> locksSeen = List.of();
    private Instant locksSeenSince;
    private WaitSnapshot last;
    private Instant lastPrinted;
    private boolean lineDrawn;

    public WaitProgress(PrintWriter err, Clock clock, boolean live, Duration heartbeat) {
        this.err = err;
        this.clock = clock;
        this.live = live;
        this.heartbeat = heartbeat;
        this.started = clock.instant();
    }

    /** One inspection's result: redraws the live line, or logs it if it is news or a heartbeat is due. */
    public synchronized void seen(WaitSnapshot snapshot) {
        Instant now = clock.instant();
        if (snapshot.error() == null) {
            if (migrationsAtStart == null) {
                migrationsAtStart = snapshot.migrations();
            }
            if (!snapshot.locks().equals(locksSeen)) {
                locksSeen = snapshot.locks();
                locksSeenSince = now;
            }
        }
        boolean news = last == null || !sameNews(last, snapshot);
        last = snapshot;
        if (live) {
            clearLine();
            String line = describe(now);
            err.print(line.length() <= LIVE_LINE_CHARS ? line : line.substring(0, LIVE_LINE_CHARS - 3) + "...");
            lineDrawn = true;
            err.flush();
        } else if (news || !now.isBefore(lastPrinted.plus(heartbeat))) {
            say(now, (news ? "" : "still waiting: ") + describe(now));
            lastPrinted = now;
        }
    }

    /** A line that ends the wait, on its own line whatever was drawn before it. */
    public synchronized void finish(String sentence) {
        Instant now = clock.instant();
        clearLine();
        say(now, sentence);
    }

    /** What the wait last saw, for a last line: nothing yet, or the last inspection's summary. */
    public synchronized String lastSeen() {
        return last == null ? "no inspection had finished" : describe(clock.instant());
    }

    public Duration elapsed() {
        return Duration.between(started, clock.instant());
    }

    private String describe(Instant now) {
        List<String> parts = new ArrayList<>();
        parts.add("waiting " + format(Duration.between(started, now)));
        if (last.error() != null) {
            parts.add("ERROR: " + WaitSnapshot.oneLine(last.error()));
        } else {
            parts.add(last.verdict().name());
            parts.add(last.locks().isEmpty() ? "no lock" : "lock " + String.join(", ", last.locks()) + " seen for "
                    + format(Duration.between(locksSeenSince, now)));
        }
        if (migrationsAtStart != null) {
            parts.add("+" + (last.migrations() - migrationsAtStart) + " history rows applied");
        }
        if (last.latestVersion() != null) {
            parts.add("latest " + WaitSnapshot.oneLine(last.latestVersion()));
        }
        if (last.migratorStatement() != null) {
            parts.add("migrator running: " + last.migratorStatement());
        }
        return String.join(" | ", parts);
    }

    private static boolean sameNews(WaitSnapshot a, WaitSnapshot b) {
        return a.verdict() == b.verdict() && a.locks().equals(b.locks()) && a.migrations() == b.migrations()
                && Objects.equals(a.latestVersion(), b.latestVersion())
                && Objects.equals(a.migratorStatement(), b.migratorStatement())
                && Objects.equals(a.error(), b.error());
    }

    private void clearLine() {
        if (lineDrawn) {
            err.print("\r\033[K");
            lineDrawn = false;
        }
    }

    private void say(Instant now, String text) {
        err.println(now.truncatedTo(ChronoUnit.SECONDS) + " lockdoctor wait: " + text);
        err.flush();
    }

    private static String format(Duration d) {
        return Durations.format(d.withNanos(0));
    }
}
