package io.lockdoctor.cli.render;

import io.lockdoctor.core.ClearOutcome;
import io.lockdoctor.core.TableReport;
import io.lockdoctor.core.model.Evidence;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code lockdoctor clear} as text: the plan (verdict, evidence, DELETE, restore INSERT), then the outcome. */
public final class ClearText {
    private ClearText() {
    }

    /** The verdict with its evidence when there is a lock to judge, and the statements when there are any. */
    public static void plan(TableReport report, String delete, String restore, PrintWriter out) {
        if (report != null && (report.lock() != null || !report.lockKnown())) {
            out.println("Verdict: " + report.verdict() + ". " + report.reason());
            for (Evidence e : report.evidence()) {
                out.println("  - " + e.kind() + ": " + e.observed());
            }
        }
        if (delete != null) {
            out.println("Statement: " + delete);
        }
        if (restore != null) {
            out.println("Restore:   " + restore);
        }
    }

    /** What became of the request, and where the audit is when a delete was attempted. */
    public static void outcome(ClearOutcome outcome, Path audit, PrintWriter out) {
        out.println(outcome.result() + ": " + outcome.message());
        switch (outcome.result()) {
            case DELETED, FAILED -> out.println("Audit: " + audit);
            default -> {
            }
        }
    }
}
