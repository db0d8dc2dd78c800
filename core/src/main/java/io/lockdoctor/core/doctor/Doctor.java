package io.lockdoctor.core.doctor;

import io.lockdoctor.core.export.ExportStyle;
import io.lockdoctor.core.inspect.DatabaseReport;
import io.lockdoctor.core.inspect.TableReport;
import io.lockdoctor.core.scan.LogFinding;
import io.lockdoctor.core.scan.ScanResult;
import io.lockdoctor.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Combines a database report with a log scan into a {@link Diagnosis}: cross-checks each lock the
 * log names against the table now, states the verdict in one sentence and lists the next steps.
 */
public final class Doctor {

    /**
     * @param logs the scan of the logs given, or null
     * @param connectionHint how to reach this database again in a printed command, e.g. {@code --url ... --user ...}
     */
    public Diagnosis diagnose(DatabaseReport database, ScanResult logs, String connectionHint) {
        List<LogCrossCheck> checks = logs == null ? List.of() : crossCheck(database, logs);
        Verdict verdict = database.verdict();
        List<String> steps = new ArrayList<>();
        String summary;
        if (database.error() != null) {
            summary = "The database could not be inspected: " + database.error();
            steps.add("Fix the connection problem above and run lockdoctor doctor again.");
        } else if (database.noTablesFound()) {
            summary = "Neither FLY_HFJ_MIGRATION nor FLY_CDR_MIGRATION exists in the schemas searched ("
                    + String.join(", ", database.schemasSearched()) + "): wrong database or schema?";
            steps.add("Point --url (and --schema) at the database the failing module uses; with Smile CDR, that is "
                    + "the module's db.url in cdr-config-Master.properties.");
        } else {
            List<TableReport> locked = database.tables().stream().filter(t -> t.lock() != null).toList();
            TableReport worst = database.tables().stream().filter(t -> t.verdict() == verdict).findFirst().orElse(null);
            summary = summary(verdict, worst, locked, checks);
            steps.addAll(steps(database, connectionHint));
        }
        return new Diagnosis(verdict, summary, database, logs, checks, steps);
    }

    private static String summary(Verdict verdict, TableReport worst, List<TableReport> locked,
            List<LogCrossCheck> checks) {
        return switch (verdict) {
            case NO_LOCK -> checks.stream().anyMatch(c -> c.outcome() == LogCrossCheck.Outcome.ALREADY_GONE)
                    ? "The lock the log names is gone and no other lock is held: start the server again."
                    : "No migration lock is held: whatever stopped the server, it is not a lock row.";
            case STALE -> "The lock " + lockName(worst) + " in " + worst.table() + " is stale: " + decapitalize(worst.reason());
            case ACTIVE -> "Do not clear anything: a migration is running on " + worst.table() + ". " + worst.reason();
            case UNCERTAIN -> "Not proven either way for " + worst.table() + " (" + lockName(worst) + "): "
                    + worst.reason();
            case ERROR -> worst == null ? "The database could not be inspected." : worst.table() + ": " + worst.reason();
        } + (locked.size() > 1 ? " (" + locked.size() + " tables hold a lock: see each below.)" : "");
    }

    private static List<String> steps(DatabaseReport database, String connectionHint) {
        List<String> steps = new ArrayList<>();
        for (TableReport t : database.tables()) {
            if (t.lock() == null) {
                continue;
            }
            String uuid = lockName(t);
            switch (t.verdict()) {
                case STALE -> {
                    steps.add("Start ONE server node once with the lock cleared by HAPI itself, e.g. in its shell:  "
                            + ExportStyle.SHELL.render(uuid));
                    steps.add("After that node started successfully, remove CLEAR_LOCK_TABLE_WITH_DESCRIPTION again; "
                            + "never put it on every replica (a node carrying it fails at once whenever another node "
                            + "holds a live lock, and the value applies to every database the node migrates).");
                    steps.add("Or instead delete exactly that row yourself, audited, with the restore statement printed: "
                            + "lockdoctor clear " + connectionHint + " --table " + t.table() + " --uuid " + uuid
                            + " --dry-run   (then the same with --yes instead of --dry-run)");
                }
                case ACTIVE -> steps.add("Wait for the migration on " + t.table() + " to finish; follow it with:  "
                        + "lockdoctor status " + connectionHint + " --table " + t.table());
                case UNCERTAIN -> t.settleBy().forEach(s -> steps.add(capitalize(s) + "."));
                default -> {
                }
            }
        }
        if (steps.isEmpty() && database.verdict() == Verdict.NO_LOCK) {
            steps.add("Start the server again; if it still fails, its log says why (look for HAPI- error codes).");
        }
        return steps;
    }

    private static List<LogCrossCheck> crossCheck(DatabaseReport database, ScanResult logs) {
        List<LogCrossCheck> checks = new ArrayList<>();
        for (LogFinding finding : logs.findings()) {
            Optional<TableReport> table = database.tables().stream()
                    .filter(t -> t.exists() && (finding.table() == null || t.table().name().equalsIgnoreCase(finding.table())))
                    .findFirst();
            if (table.isEmpty()) {
                checks.add(new LogCrossCheck(finding.table(), finding.uuid(), null, LogCrossCheck.Outcome.TABLE_NOT_HERE,
                        "The log names " + finding.table() + ", which this database does not have: is this the "
                                + "database of the module that failed?"));
                continue;
            }
            TableReport t = table.get();
            String inDatabase = t.lock() == null ? null : lockName(t);
            LogCrossCheck.Outcome outcome;
            String sentence;
            if (finding.uuid() == null) {
                outcome = inDatabase == null ? LogCrossCheck.Outcome.ALREADY_GONE
                        : LogCrossCheck.Outcome.DATABASE_LOCK_ASSUMED;
                sentence = inDatabase == null
                        ? "The log's message named no UUID and " + t.table() + " holds no lock now."
                        : "The log's message named no UUID; " + t.table() + " holds " + inDatabase + ", taken as the one it meant.";
            } else if (finding.uuid().equals(inDatabase)) {
                outcome = LogCrossCheck.Outcome.SAME_LOCK;
                sentence = t.table() + " still holds the lock the log names, " + inDatabase + ".";
            } else if (inDatabase == null) {
                outcome = LogCrossCheck.Outcome.ALREADY_GONE;
                sentence = "The lock the log names, " + finding.uuid() + ", is gone from " + t.table()
                        + " and no other lock is there: it was released or cleared.";
            } else {
                outcome = LogCrossCheck.Outcome.DIFFERENT_LOCK;
                sentence = "The lock the log names, " + finding.uuid() + ", is gone from " + t.table() + ", which holds a "
                        + "different lock now, " + inDatabase + ": judge that one, not the log's.";
            }
            checks.add(new LogCrossCheck(t.table().name(), finding.uuid(), inDatabase, outcome, sentence));
        }
        return checks;
    }

    private static String lockName(TableReport t) {
        return t == null || t.lock() == null ? "(none)" : t.lock().uuid().orElse(t.lock().description());
    }

    private static String decapitalize(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
