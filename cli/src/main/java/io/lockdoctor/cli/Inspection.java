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
import java.util.Set;

/**
 * What {@code status} and {@code doctor} share: read the {@code --log} files, then inspect the
 * database with what they say, showing the observe window's progress on a terminal.
 *
 * @param logs the scan of the --log files, null when none were given
 */
record Inspection(DatabaseReport report, ScanResult logs) {

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
        LogFacts facts = logs == null ? LogFacts.NONE : new ScanLogFacts(logs);
        InspectionOptions options = new InspectionOptions(target.schema(), tables, evidence.writerZone(),
                evidence.observeOptions(), facts);
        DatabaseReport report;
        try (OpenDatabase database = OpenDatabase.open(target, DialectRegistry.discover())) {
            report = database.doctor().status(options, progress(root, err));
        } catch (InvalidInputException e) {
            throw e;
        } catch (LockDoctorException e) {
            report = DatabaseReport.failed(null, target.displayUrl(), root.secrets().mask(e.getMessage()));
        }
        return new Inspection(report, logs);
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
