package io.lockdoctor.core.doctor;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.scan.LogFinding;
import io.lockdoctor.core.scan.ScanResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Combines a database report with a log scan into a {@link Diagnosis}: cross-checks each lock the
 * log names against the table now, states the verdict in one sentence and lists the next steps.
 */
public final class Doctor {

    /** One database: see {@link #diagnose(List, ScanResult)}. */
    public Diagnosis diagnose(DatabaseReport database, ScanResult logs) {
        return diagnose(List.of(database), logs);
    }

    /** @param logs the scan of the logs given, or null */
    public Diagnosis diagnose(List<DatabaseReport> databases, ScanResult logs) {
        List<LogCrossCheck> checks = logs == null ? List.of() : crossCheck(databases, logs);
        Verdict verdict = Verdict.mostSevere(databases.stream().map(DatabaseReport::verdict).toList());
        List<NextStep> steps = new ArrayList<>();
        boolean several = databases.size() > 1;
        String summary = null;
        for (DatabaseReport database : databases) {
            String prefix = several ? "[" + (database.module() == null ? database.url() : database.module()) + "] " : "";
            String one = summary(database, checks);
            if (summary == null && database.verdict() == verdict) {
                summary = prefix + one;
            }
            steps.addAll(steps(database, several));
        }
        if (steps.isEmpty() && verdict == Verdict.NO_LOCK) {
            steps.add(new NextStep(null, false, new NextStep.StartServerAgain()));
        }
        if (several) {
            summary = databases.size() + " databases, overall " + verdict + "; the most severe: " + summary;
        }
        return new Diagnosis(verdict, summary, databases, logs, checks, steps.stream().distinct().toList());
    }

    private static String summary(DatabaseReport database, List<LogCrossCheck> checks) {
        if (database.error() != null) {
            return "The database could not be inspected: " + database.error();
        }
        if (database.noTablesFound()) {
            return "Neither FLY_HFJ_MIGRATION nor FLY_CDR_MIGRATION exists in the schemas searched ("
                    + String.join(", ", database.schemasSearched()) + "): wrong database or schema?";
        }
        Verdict verdict = database.verdict();
        List<TableReport> locked = database.tables().stream().filter(t -> t.lock() != null).toList();
        TableReport worst = database.tables().stream().filter(t -> t.verdict() == verdict).findFirst().orElse(null);
        return summary(verdict, worst, locked, checks);
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

    private static List<NextStep> steps(DatabaseReport database, boolean scoped) {
        List<NextStep.Action> steps = new ArrayList<>();
        for (TableReport t : database.tables()) {
            String uuid = lockName(t);
            switch (t.verdict()) {
                case STALE -> {
                    if (t.lockRows().size() > 1) {
                        steps.add(new NextStep.ClearEachLock(t.table(), t.lockRows().size(), uuid));
                        continue;
                    }
                    if (t.lock().uuid().isEmpty()) {
                        steps.add(new NextStep.ClearByDescription(t.table(), uuid));
                        break;
                    }
                    waitingNode(t).ifPresent(waiter -> steps.add(new NextStep.ClearForWaitingNode(t.table(), uuid,
                            waiter)));
                    steps.add(new NextStep.StartOneNodeWithVariable(uuid));
                    steps.add(new NextStep.RemoveVariableAfterStart());
                    steps.add(new NextStep.ClearYourself(t.table(), uuid));
                }
                // Also when the table could not even be read because a migrator holds it locked.
                case ACTIVE -> steps.add(new NextStep.FollowMigration(t.table()));
                case UNCERTAIN -> t.settleBy().forEach(advice -> steps.add(new NextStep.Settle(advice)));
                case ERROR -> steps.add(new NextStep.FixUnreadableTable(t.table(), t.schema(),
                        t.error() != null ? t.error() : t.reason()));
                default -> {
                }
            }
        }
        if (database.error() != null) {
            steps.add(new NextStep.FixConnection());
        } else if (database.noTablesFound()) {
            steps.add(new NextStep.PointAtDatabase(database.module()));
        }
        return steps.stream().map(action -> new NextStep(database, scoped, action)).toList();
    }

    /** The node retrying HAPI's lock INSERT, as "session N (user@host, application), K attempts seen", if one was seen. */
    private static Optional<String> waitingNode(TableReport t) {
        return t.sessions().stream()
                .filter(f -> f.effect() == SessionFinding.Effect.LOCK_WAITER && f.lockAttempts() > 0)
                .map(f -> f.session().who() + ", " + f.lockAttempts() + " attempts seen")
                .findFirst();
    }

    private static List<LogCrossCheck> crossCheck(List<DatabaseReport> databases, ScanResult logs) {
        List<LogCrossCheck> checks = new ArrayList<>();
        boolean anyUninspected = databases.stream().anyMatch(d -> d.error() != null);
        for (LogFinding finding : logs.findings()) {
            List<TableReport> tables = databases.stream().flatMap(d -> d.tables().stream())
                    .filter(t -> t.exists() && (finding.table() == null || t.table().name().equalsIgnoreCase(finding.table())))
                    .toList();
            String logTable = finding.table() == null ? "the history table" : finding.table();
            if (tables.isEmpty()) {
                checks.add(anyUninspected
                        ? new LogCrossCheck(finding.table(), finding.uuid(), null, LogCrossCheck.Outcome.UNREADABLE,
                                "A database could not be inspected, so whether it holds the lock the log names in "
                                        + logTable + " is unknown.")
                        : new LogCrossCheck(finding.table(), finding.uuid(), null, LogCrossCheck.Outcome.TABLE_NOT_HERE,
                                "The log names " + finding.table() + ", which no database inspected has: is this the "
                                        + "database of the module that failed?"));
                continue;
            }
            // A lock released during the observe window (NO_LOCK) is not held any more.
            List<TableReport> locked = tables.stream().filter(t -> t.lock() != null && t.verdict() != Verdict.NO_LOCK)
                    .toList();
            Optional<TableReport> same = finding.uuid() == null ? Optional.empty() : locked.stream()
                    .filter(t -> t.lockRows().stream().anyMatch(r -> finding.uuid().equals(r.uuid().orElse(null))))
                    .findFirst();
            Optional<TableReport> unread = tables.stream().filter(t -> !t.lockKnown()).findFirst();
            String table = tables.get(0).table().name();
            if (same.isPresent()) {
                checks.add(new LogCrossCheck(table, finding.uuid(), finding.uuid(), LogCrossCheck.Outcome.SAME_LOCK,
                        table + " still holds the lock the log names, " + finding.uuid() + "."));
            } else if (unread.isPresent()) {
                // Never "gone": what could not be read says nothing about the lock.
                TableReport t = unread.get();
                checks.add(new LogCrossCheck(table, finding.uuid(), null, LogCrossCheck.Outcome.UNREADABLE,
                        table + (t.schema() == null ? "" : " in " + t.schema()) + " could not be read, so whether it "
                                + "still holds " + (finding.uuid() == null ? "the lock the log names" : finding.uuid())
                                + " is unknown: " + (t.error() != null ? t.error() : t.reason())));
            } else if (locked.isEmpty()) {
                checks.add(new LogCrossCheck(table, finding.uuid(), null, LogCrossCheck.Outcome.ALREADY_GONE,
                        finding.uuid() == null ? "The log's message named no UUID and " + table + " holds no lock now."
                                : "The lock the log names, " + finding.uuid() + ", is gone from " + table
                                        + " and no other lock is there: it was released or cleared."));
            } else if (finding.uuid() == null) {
                checks.add(new LogCrossCheck(table, null, lockName(locked.get(0)),
                        LogCrossCheck.Outcome.DATABASE_LOCK_ASSUMED, "The log's message named no UUID; " + table
                                + " holds " + lockName(locked.get(0)) + ", taken as the one it meant."));
            } else {
                checks.add(new LogCrossCheck(table, finding.uuid(), lockName(locked.get(0)),
                        LogCrossCheck.Outcome.DIFFERENT_LOCK, "The lock the log names, " + finding.uuid()
                                + ", is gone from " + table + ", which holds a different lock now, "
                                + lockName(locked.get(0)) + ": judge that one, not the log's."));
            }
        }
        return checks;
    }

    private static String lockName(TableReport t) {
        return t == null || t.lock() == null ? "(none)" : t.lock().uuid().orElse(t.lock().description());
    }

    private static String decapitalize(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
