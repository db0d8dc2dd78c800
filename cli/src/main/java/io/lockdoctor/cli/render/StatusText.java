package io.lockdoctor.cli.render;

import io.lockdoctor.cli.ExitCodes;
import io.lockdoctor.core.DatabaseReport;
import io.lockdoctor.core.SessionFinding;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.Verdict;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.FailedMigration;
import io.lockdoctor.core.support.Durations;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/** {@code status} as text: a pure function from reports to lines. */
public final class StatusText {
    private StatusText() {
    }

    public static void render(List<DatabaseReport> reports, PrintWriter out) {
        for (DatabaseReport report : reports) {
            database(report, out);
        }
        out.println("Overall: " + overall(reports));
        out.flush();
    }

    /**
     * The most severe verdict, or, when no database holds any history table (exit 6), that: "no
     * lock" would wrongly suggest the database was checked and found free.
     */
    public static String overall(List<DatabaseReport> reports) {
        if (ExitCodes.nothingFound(reports)) {
            return "NOTHING FOUND: no " + reports.stream().flatMap(r -> r.tables().stream())
                    .map(t -> t.table().name()).distinct().sorted().collect(Collectors.joining(" or "))
                    + " table in the schemas searched";
        }
        return Verdict.mostSevere(reports.stream().map(DatabaseReport::verdict).toList()).name();
    }

    private static void database(DatabaseReport report, PrintWriter out) {
        String module = report.module() == null ? "" : "[" + report.module() + "] ";
        out.println(module + report.url());
        if (report.error() != null) {
            out.println("  ERROR: " + report.error());
            out.println();
            return;
        }
        out.println("  " + report.product() + " (dialect " + report.dialect() + ")");
        out.println("  Schemas searched: " + (report.schemasSearched().isEmpty() ? "(none visible)"
                : String.join(", ", report.schemasSearched())));
        if (report.noTablesFound()) {
            out.println("  Neither table exists in the schemas searched: this is not a HAPI FHIR / Smile CDR "
                    + "database, or its history lives in a schema this account cannot see (try --schema).");
        }
        out.println();
        for (TableReport table : report.tables()) {
            table(table, out);
        }
    }

    private static void table(TableReport t, PrintWriter out) {
        if (!t.exists()) {
            out.println("  " + t.table() + ": not found");
            out.println();
            return;
        }
        String where = t.table() + (t.schema() == null ? "" : " in " + t.schema());
        if (t.error() != null) {
            out.println("  " + where + ": ERROR " + t.error());
            out.println();
            return;
        }
        out.println("  " + where + ": " + t.migrations() + " migrations, latest "
                + (t.latestVersion() == null ? "(none)" : t.latestVersion()) + ", "
                + t.failedMigrations().size() + " failed");
        for (FailedMigration f : t.failedMigrations()) {
            out.println("    failed: rank " + f.installedRank() + ", version " + f.version() + ", " + f.installedOn()
                    + ": " + f.description() + (f.retriedSuccessfully() ? " (a later run succeeded)" : ""));
        }
        if (t.lock() != null) {
            out.println("    LOCK: " + t.lock().uuid().orElse(t.lock().description()) + ", installed_on "
                    + t.lock().installedOn() + " by " + t.lock().installedBy() + ", at least "
                    + Durations.format(t.lockAgeAtLeast()) + " old");
        } else if (t.verdict() == Verdict.ACTIVE) {
            out.println("    lock: unknown (the table could not be read: another session locks it)");
        } else {
            out.println("    lock: none");
        }
        out.println("    Verdict: " + t.verdict() + ". " + t.reason());
        for (Evidence e : t.evidence()) {
            out.println("      - " + e.kind() + ": " + e.observed() + ". " + e.detail());
        }
        for (SessionFinding f : t.sessions()) {
            var s = f.session();
            out.println("    " + f.effect() + " session " + s.id() + ": user " + s.user()
                    + (s.host() == null ? "" : ", host " + s.host())
                    + (s.application() == null || s.application().isBlank() ? "" : ", application " + s.application())
                    + (s.sessionStart() == null ? "" : ", connected since " + s.sessionStart())
                    + (s.running() || s.stateSince() == null ? "" : ", idle since " + s.stateSince())
                    + (f.migratorConnection() ? ", most likely the migrator's" : ""));
            out.println("      " + f.why());
            out.println("      to end it (lockdoctor never does): " + f.terminateCommand());
        }
        if (!t.settleBy().isEmpty()) {
            out.println("    To settle it:");
            AdviceText.settleBy(t.settleBy()).forEach(step -> out.println("      - " + step));
        }
        out.println();
    }
}
