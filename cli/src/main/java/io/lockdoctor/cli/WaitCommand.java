package io.lockdoctor.cli;

import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.options.DurationConverter;
import io.lockdoctor.cli.options.TableOptions;
import io.lockdoctor.cli.render.StatusText;
import io.lockdoctor.cli.wait.WaitProgress;
import io.lockdoctor.cli.wait.WaitSnapshot;
import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.scan.ScanResult;
import io.lockdoctor.core.support.Durations;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lockdoctor wait}: inspect again and again until the database is free to start on, so that
 * a node waits for a running migration instead of failing after HAPI's 50 lock retries.
 */
@Command(name = "wait",
        description = "Wait until no history table holds a migration lock: for an init container or a start "
                + "script, so that a node waits for a migration running elsewhere and starts as soon as it ends.",
        footer = {"",
            "Examples:",
            "  lockdoctor wait --smile-config /opt/smilecdr --module persistence",
            "  lockdoctor wait --url jdbc:postgresql://db:5432/cdr --user cdr \\",
            "      --password-env CDR_DB_PASSWORD --interval 30s --max-wait 8h",
            "",
            "While a lock is ACTIVE or UNCERTAIN the wait goes on; a lock proven STALE",
            "ends it at once (waiting will never release it). A database that cannot be",
            "inspected is retried a few times, then the wait ends.",
            "Progress: a live line on a terminal; otherwise a line per change and a",
            "heartbeat every minute.",
            "",
            "Exit codes: 0 free to start (no lock, or no history table yet), 1 error,",
            "            2 usage, 3 stale lock, 4 or 5 --max-wait ran out while the lock",
            "            was ACTIVE or UNCERTAIN."})
public final class WaitCommand extends InspectingCommand {
    /** Inspections in a row that may fail (a server restarting, a failover) before the wait gives up. */
    static final int RETRIES = 3;
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofHours(1);
    private static final Duration MAX_WAIT_LIMIT = Duration.ofDays(7);

    @Mixin
    private TableOptions tables;

    @Option(names = "--interval", paramLabel = "DUR", defaultValue = "30s", converter = DurationConverter.class,
            description = "Time between the starts of two inspections (each runs its --observe window). "
                    + "Default: ${DEFAULT-VALUE}.")
    private Duration interval;

    @Option(names = "--max-wait", paramLabel = "DUR", defaultValue = "6h", converter = DurationConverter.class,
            description = "Give up after this long, with the last verdict's exit code. Default: ${DEFAULT-VALUE}.")
    private Duration maxWait;

    @Override
    public Integer call() throws InterruptedException {
        checkBounds();
        PrintWriter err = err();
        List<ConnectionSpec> targets = connection().resolveAll(context(), secrets(), err);
        ScanResult logs = Inspection.scanLogs(evidence(), root(), err);
        WaitProgress progress = new WaitProgress(err, context().clock(), context().interactive(),
                WaitProgress.HEARTBEAT);
        Thread onSignal = new Thread(() -> progress.finish("stopped by a signal after " + format(progress.elapsed())
                + "; last seen: " + progress.lastSeen()), "lockdoctor-wait-signal");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            return waitUntilFree(targets, logs, progress, err);
        } finally {
            removeHook(onSignal);
        }
    }

    private int waitUntilFree(List<ConnectionSpec> targets, ScanResult logs, WaitProgress progress, PrintWriter err)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + maxWait.toNanos();
        PrintWriter quiet = new PrintWriter(OutputStream.nullOutputStream());
        int failures = 0;
        for (int inspection = 0; ; inspection++) {
            long began = System.nanoTime();
            // The first inspection says when its observe window starts; the next ones are told by the progress.
            List<DatabaseReport> reports = Inspection.runAll(targets, tables.tables(), evidence(), logs, root(),
                    inspection == 0 ? err : quiet);
            WaitSnapshot snapshot = WaitSnapshot.of(reports);
            progress.seen(snapshot);
            if (snapshot.error() != null) {
                failures++;
                if (failures > RETRIES) {
                    progress.finish("giving up: " + failures + " inspections in a row failed, the last with: "
                            + WaitSnapshot.of(reports).error());
                    report(reports);
                    return ExitCodes.ERROR;
                }
            } else {
                failures = 0;
                if (snapshot.free()) {
                    progress.finish("free to start after " + format(progress.elapsed()) + ": no migration lock "
                            + "is held.");
                    return ExitCodes.OK;
                }
                if (snapshot.verdict() == Verdict.STALE) {
                    progress.finish("the lock is proven STALE: waiting will not release it. See `lockdoctor "
                            + "doctor` to remove it.");
                    report(reports);
                    return ExitCodes.STALE;
                }
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                progress.finish("--max-wait " + Durations.format(maxWait) + " ran out; last seen: "
                        + progress.lastSeen());
                report(reports);
                return ExitCodes.forReports(reports);
            }
            long pause = Math.min(Math.max(0, began + interval.toNanos() - now), deadline - now);
            Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
        }
    }

    private void checkBounds() {
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidInputException("--interval must be between " + Durations.format(MIN_INTERVAL) + " and "
                    + Durations.format(MAX_INTERVAL) + ", not " + Durations.format(interval));
        }
        if (maxWait.isNegative() || maxWait.compareTo(MAX_WAIT_LIMIT) > 0) {
            throw new InvalidInputException("--max-wait must be between 0s and " + Durations.format(MAX_WAIT_LIMIT)
                    + ", not " + Durations.format(maxWait));
        }
    }

    /** The last inspection in full, for a wait that did not end in a free database. */
    private void report(List<DatabaseReport> reports) {
        PrintWriter out = out();
        StatusText.render(reports, out);
        out.flush();
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping: the hook runs and says what the wait last saw.
        }
    }

    private static String format(Duration d) {
        return Durations.format(d.withNanos(0));
    }
}
