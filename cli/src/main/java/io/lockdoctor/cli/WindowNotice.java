package io.lockdoctor.cli;

import io.lockdoctor.core.WindowProgress;
import io.lockdoctor.core.support.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the user sees of an observe window, on stderr: one line when a window longer than a few
 * seconds starts, with a terminal or without (a run silent for a minute looks hung, and the log of
 * an automated run should say where the time went), then, on a terminal, the elapsed time redrawn
 * in place.
 */
final class WindowNotice implements WindowProgress {
    /** Windows up to this long pass without a word. */
    static final Duration QUIET_UP_TO = Duration.ofSeconds(2);
    private static final String SAFE = " Ctrl-C is safe: nothing has been changed.";

    private final String database;
    private final PrintWriter err;
    private final boolean redraw;
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * @param database how to name the database (secrets already masked)
     * @param redraw whether to redraw the elapsed time: only on a terminal, and only when one window runs
     */
    WindowNotice(String database, PrintWriter err, boolean redraw) {
        this.database = database;
        this.err = err;
        this.redraw = redraw;
    }

    @Override
    public void update(Duration elapsed, Duration total) {
        if (started.compareAndSet(false, true) && total.compareTo(QUIET_UP_TO) > 0) {
            say(err, "a lock is held in " + database + ": watching its sessions and history for "
                    + Durations.format(total) + " before judging it." + SAFE);
        }
        if (redraw) {
            boolean done = elapsed.compareTo(total) >= 0;
            err.print("\r  observing sessions: " + Durations.format(elapsed.withNanos(0)) + " / "
                    + Durations.format(total) + (done ? "\r" + " ".repeat(48) + "\r" : ""));
            err.flush();
        }
    }

    /**
     * For a run whose window starts inside the library, out of sight (clear): said before it
     * connects, as what will happen when the lock is there.
     */
    static void beforeClearing(String database, Duration observe, PrintWriter err) {
        if (observe.compareTo(QUIET_UP_TO) > 0) {
            say(err, "before anything is cleared, the sessions and history of " + database + " are watched for "
                    + Durations.format(observe) + " while the lock is there." + SAFE);
        }
    }

    private static void say(PrintWriter err, String line) {
        err.println("lockdoctor: " + line);
        err.flush();
    }
}
