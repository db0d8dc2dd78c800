package io.lockdoctor.cli;

import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.options.EvidenceOptions;
import io.lockdoctor.core.InvalidInputException;
import io.lockdoctor.core.LockDoctorException;
import io.lockdoctor.core.dialect.DialectRegistry;
import io.lockdoctor.core.doctor.ScanLogFacts;
import io.lockdoctor.core.evidence.WindowProgress;
import io.lockdoctor.core.inspect.DatabaseReport;
import io.lockdoctor.core.inspect.InspectionOptions;
import io.lockdoctor.core.inspect.LogFacts;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.scan.ScanError;
import io.lockdoctor.core.scan.ScanResult;
import io.lockdoctor.core.support.Durations;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What {@code status} and {@code doctor} share: read the {@code --log} files, then inspect the
 * database with what they say, showing the observe window's progress on a terminal.
 *
 * @param logs the scan of the --log files, null when none were given
 */
record Inspection(DatabaseReport report, ScanResult logs) {
    /** Observe windows mostly wait: many can run at once, but not without bound. */
    private static final int MAX_PARALLEL = 32;


    static Inspection run(ConnectionSpec target, Set<KnownTable> tables, EvidenceOptions evidence,
            LockDoctorCommand root, PrintWriter err) {
        return run(target, tables, evidence, scanLogs(evidence, root, err), root, err);
    }

    /** Reads the --log files; null when none were given. Read errors are printed, what was read is kept. */
    static ScanResult scanLogs(EvidenceOptions evidence, LockDoctorCommand root, PrintWriter err) {
        if (evidence.logs().isEmpty()) {
            return null;
        }
        ScanResult logs = LogScans.scan(evidence.logs(), evidence.logZone(), root.context(), err);
        for (ScanError e : logs.errors()) {
            err.println("lockdoctor: " + e.message() + " (what was read before it is used)");
        }
        return logs;
    }

    /** Inspects with logs already read ({@code logs} may be null). */
    static Inspection run(ConnectionSpec target, Set<KnownTable> tables, EvidenceOptions evidence, ScanResult logs,
            LockDoctorCommand root, PrintWriter err) {
        return run(target, tables, evidence, logs, root, progress(root, err));
    }

    private static Inspection run(ConnectionSpec target, Set<KnownTable> tables, EvidenceOptions evidence,
            ScanResult logs, LockDoctorCommand root, WindowProgress progress) {
        LogFacts facts = logs == null ? LogFacts.NONE : new ScanLogFacts(logs);
        InspectionOptions options = new InspectionOptions(target.schema(), tables, evidence.writerZone(),
                evidence.observeOptions(), facts);
        DatabaseReport report;
        try (OpenDatabase database = OpenDatabase.open(target, DialectRegistry.discover())) {
            report = database.doctor().status(options, progress);
        } catch (InvalidInputException e) {
            throw e;
        } catch (LockDoctorException e) {
            report = DatabaseReport.failed(null, target.displayUrl(), root.secrets().mask(e.getMessage()));
        }
        return new Inspection(report.withModule(target.module()), logs);
    }

    /**
     * Every database at once: one pool each, the observe windows in parallel on a bounded pool of
     * threads, reports in the order given. One database failing is an ERROR entry, never hides the others.
     */
    static List<DatabaseReport> runAll(List<ConnectionSpec> targets, Set<KnownTable> tables, EvidenceOptions evidence,
            ScanResult logs, LockDoctorCommand root, PrintWriter err) {
        if (targets.size() == 1) {
            return List.of(run(targets.get(0), tables, evidence, logs, root, err).report());
        }
        if (root.context().interactive()) {
            err.println("  inspecting " + targets.size() + " databases at once (observe window "
                    + Durations.format(evidence.observeOptions().observe()) + ") ...");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(targets.size(), MAX_PARALLEL), runnable -> {
            Thread thread = new Thread(runnable, "lockdoctor-inspect");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<DatabaseReport>> futures = new ArrayList<>();
            for (ConnectionSpec target : targets) {
                futures.add(pool.submit(() -> runQuietly(target, tables, evidence, logs, root)));
            }
            List<DatabaseReport> reports = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                reports.add(await(futures.get(i), targets.get(i), root));
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private static DatabaseReport runQuietly(ConnectionSpec target, Set<KnownTable> tables, EvidenceOptions evidence,
            ScanResult logs, LockDoctorCommand root) {
        try {
            return run(target, tables, evidence, logs, root, WindowProgress.NONE).report();
        } catch (RuntimeException e) {
            return DatabaseReport.failed(target.module(), target.displayUrl(), root.secrets().mask(
                    e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    private static DatabaseReport await(Future<DatabaseReport> future, ConnectionSpec target, LockDoctorCommand root) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DatabaseReport.failed(target.module(), target.displayUrl(), "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return DatabaseReport.failed(target.module(), target.displayUrl(), root.secrets().mask(
                    cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        }
    }

    /** A progress line on stderr while the observe window runs, on a terminal only. */
    private static WindowProgress progress(LockDoctorCommand root, PrintWriter err) {
        if (!root.context().interactive()) {
            return WindowProgress.NONE;
        }
        return (elapsed, total) -> {
            boolean done = elapsed.compareTo(total) >= 0;
            err.print("\r  observing sessions: " + Durations.format(elapsed.withNanos(0)) + " / " + Durations.format(total)
                    + (done ? "\r" + " ".repeat(48) + "\r" : ""));
            err.flush();
        };
    }
}
