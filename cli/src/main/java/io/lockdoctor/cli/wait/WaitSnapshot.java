package io.lockdoctor.cli.wait;

import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What one inspection of a wait saw, reduced to what its progress tells.
 *
 * @param verdict the most severe verdict across databases
 * @param locks the locks held, one "table uuid" each, in report order
 * @param migrations history rows applied, summed over every table found
 * @param latestVersion the latest version applied where a lock is held (else anywhere), null if none
 * @param migratorStatement the longest-running statement of an ACTIVE session, on one line, null if none is seen
 * @param error the first database error, masked by the caller, null when every database was inspected
 */
public record WaitSnapshot(Verdict verdict, List<String> locks, long migrations, String latestVersion,
        String migratorStatement, String error) {
    private static final int STATEMENT_CHARS = 80;

    public WaitSnapshot {
        locks = List.copyOf(locks);
    }

    public static WaitSnapshot of(List<DatabaseReport> reports) {
        List<TableReport> tables = reports.stream().flatMap(d -> d.tables().stream()).toList();
        // A lock that vanished during the observe window is released: its table says NO_LOCK.
        List<TableReport> locked = tables.stream().filter(t -> t.lock() != null && t.verdict() != Verdict.NO_LOCK)
                .toList();
        String latest = (locked.isEmpty() ? tables : locked).stream().map(TableReport::latestVersion)
                .filter(Objects::nonNull).findFirst().orElse(null);
        // The migrator's statement is the one running longest; short DDL of other clients comes and goes.
        String statement = locked.stream().flatMap(t -> t.sessions().stream())
                .filter(f -> f.effect() == SessionFinding.Effect.ACTIVE && f.session().statement() != null)
                .min(Comparator.comparing(f -> f.session().statementStart(),
                        Comparator.nullsLast(Comparator.naturalOrder())))
                .map(f -> oneLine(f.session().statement())).orElse(null);
        return new WaitSnapshot(Verdict.mostSevere(reports.stream().map(DatabaseReport::verdict).toList()),
                locked.stream().map(t -> t.table().name() + " " + oneLine(t.lock().description())).toList(),
                tables.stream().mapToLong(TableReport::migrations).sum(), latest, statement,
                reports.stream().map(DatabaseReport::error).filter(Objects::nonNull).findFirst().orElse(null));
    }

    /** Free to start on: no lock anywhere (no history table at all counts too), every database inspected. */
    public boolean free() {
        return verdict == Verdict.NO_LOCK;
    }

    /**
     * A statement as one short line: database text may hold line breaks and control characters,
     * neither of which may reach a terminal.
     */
    static String oneLine(String statement) {
        StringBuilder out = new StringBuilder();
        statement.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) || Character.isWhitespace(c)
                ? ' ' : c));
        String line = out.toString().replaceAll(" {2,}", " ").strip();
        return line.length() <= STATEMENT_CHARS ? line : line.substring(0, STATEMENT_CHARS - 3) + "...";
    }
}
