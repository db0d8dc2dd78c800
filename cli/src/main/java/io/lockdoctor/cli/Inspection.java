package io.lockdoctor.cli;

import io.lockdoctor.cli.options.CliTerms;
import io.lockdoctor.cli.options.ConnectionSpec;
import io.lockdoctor.cli.options.EvidenceOptions;
import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.InspectionOptions;
import io.lockdoctor.core.LogFacts;
import io.lockdoctor.core.WindowProgress;
import io.lockdoctor.core.doctor.ScanLogFacts;
import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.scan.ScanResult;
import io.lockdoctor.core.spi.PoolerAccess;
import io.lockdoctor.core.support.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code status} and {@code doctor} share: read the {@code --log} files, then inspect the
 * database with what they say, saying on stderr when an observe window starts.
 *
 * @param logs the scan of the --log files, null when none were given
 */
record Inspection(DatabaseReport report, ScanResult logs) {
    /** Observe windows mostly wait: many can run at once, but not without bound. */
    private static final int MAX_PARALLEL = 32;
    private static final Duration MIN_MARGIN = Duration.ofSeconds(5);


    static Inspection run(ConnectionSpec target, Set<KnownTable> tables, EvidenceOptions evidence,
            LockDoctorCommand root, PrintWriter err) {
        return run(target, tables, evidence, scanLogs(evidence, root, err), root, err);
    }

    /** Reads the --log files; null when none were given. A file that cannot be read whole is an error. */
    static ScanResult scanLogs(EvidenceOptions evidence, LockDoctorCommand root, PrintWriter err) {
        if (evidence.logs().isEmpty()) {
            return null;
        }
        return LogScans.scanEvidence(evidence.logs(), evidence.logZone(), root.context(), err);
    }

    /** Inspects with logs already read ({@code logs} may be null). */
    static Inspection run(ConnectionSpec target, Set<KnownTable> tables, EvidenceOptions evidence, ScanResult logs,
            LockDoctorCommand root, PrintWriter err) {
        return new Inspection(runAll(List.of(target), tables, evidence, logs, root, err).get(0), logs);
    }

    /**
     * Every database at once: one pool each, the observe windows in parallel on a bounded pool of
     * threads, reports in the order given. One database failing is an ERROR entry, never hides the others.
     */
    static List<DatabaseReport> runAll(List<ConnectionSpec> targets, Set<KnownTable> tables, EvidenceOptions evidence,
            ScanResult logs, LockDoctorCommand root, PrintWriter err) {
        boolean single = targets.size() == 1;
        if (!single && root.context().interactive()) {
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
                // Each window says when it starts; only a single one redraws its progress in place.
                WindowProgress progress = new WindowNotice(root.secrets().mask(name(target)), err,
                        single && root.context().interactive());
                futures.add(pool.submit(() -> inspect(target, tables, evidence, logs, root, progress)));
            }
            long deadline = System.nanoTime() + bound(targets, evidence).toNanos();
            List<DatabaseReport> reports = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                reports.add(await(futures.get(i), targets.get(i), evidence, deadline, root));
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * As the README's usage says, a run is bounded by --timeout + --observe + a margin. Drivers bound each statement,
     * but not every wait (an H2 database in exclusive mode pauses other sessions, timeouts or not),
     * so the whole inspection of a database is given up on past this.
     */
    private static Duration bound(List<ConnectionSpec> targets, EvidenceOptions evidence) {
        Duration timeout = targets.stream().map(t -> t.settings().timeout()).max(Duration::compareTo)
                .orElseThrow();
        Duration margin = timeout.compareTo(MIN_MARGIN) > 0 ? timeout : MIN_MARGIN;
        return timeout.plus(evidence.observeOptions().observe()).plus(evidence.observeOptions().counterSettleBound())
                .plus(margin);
    }

    private static DatabaseReport inspect(ConnectionSpec target, Set<KnownTable> tables, EvidenceOptions evidence,
            ScanResult logs, LockDoctorCommand root, WindowProgress progress) {
        LogFacts facts = logs == null ? LogFacts.NONE : new ScanLogFacts(logs, CliTerms.OPTIONS);
        InspectionOptions options = new InspectionOptions(target.schema(), tables, evidence.writerZone(),
                evidence.observeOptions(), facts);
        DatabaseReport report;
        PoolerAccess pooler = evidence.pooler().access(target.user(), target.password(), root.context()::env);
        root.secrets().add(pooler.password());
        try (OpenDatabase database = OpenDatabase.open(target, root.context().dialects(), pooler)) {
            report = database.doctor().status(options, progress);
        } catch (InvalidInputException e) {
            throw e;
        } catch (RuntimeException e) {
            report = DatabaseReport.failed(null, target.displayUrl(), root.secrets().mask(
                    e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        return report.withModule(target.module());
    }

    private static DatabaseReport await(Future<DatabaseReport> future, ConnectionSpec target, EvidenceOptions evidence,
            long deadline, LockDoctorCommand root) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return DatabaseReport.failed(target.module(), target.displayUrl(), "no answer within --timeout "
                    + Durations.format(target.settings().timeout()) + " + --observe "
                    + Durations.format(evidence.observeOptions().observe()) + " and a margin: the database, or "
                    + "something between, stopped answering (a network that drops packets, a server that is "
                    + "overloaded, an H2 database in exclusive mode); lockdoctor gave up on it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DatabaseReport.failed(target.module(), target.displayUrl(), "interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidInputException invalid) {
                throw invalid;
            }
            return DatabaseReport.failed(target.module(), target.displayUrl(), root.secrets().mask(
                    cause.getMessage() == null ? cause.toString() : cause.getMessage()));
        }
    }

    private static String name(ConnectionSpec target) {
        return target.module() == null ? target.displayUrl()
                : "module " + target.module() + " (" + target.displayUrl() + ")";
    }
}
