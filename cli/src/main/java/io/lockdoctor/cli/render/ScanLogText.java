package io.lockdoctor.cli.render;

import io.lockdoctor.core.scan.LockEvent;
import io.lockdoctor.core.scan.LogFinding;
import io.lockdoctor.core.scan.LogLocation;
import io.lockdoctor.core.scan.ScanResult;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/** {@code scan-log} as text: a table of the lock messages found, then the lock's timeline. */
public final class ScanLogText {
    private ScanLogText() {
    }

    public static void print(PrintWriter out, ScanResult r) {
        if (r.findings().isEmpty()) {
            out.println("No lock message (HAPI-2153) found in " + r.filesScanned() + " file(s), "
                    + r.bytesScanned() + " bytes.");
        } else {
            out.println("Lock messages (HAPI-2153):");
            TextTable table = new TextTable(out, List.of("Table", "Lock UUID", "Code", "Seen"), 1000);
            for (LogFinding f : r.findings()) {
                table.row(Arrays.asList(orDash(f.table()), f.uuid() == null ? "(not in message: see the table)"
                        : f.uuid(), orDash(f.code()), Long.toString(f.occurrences())));
            }
            table.finish();
            // Paths are long: places go below the table rather than into cut-off cells.
            for (LogFinding f : r.findings()) {
                out.println("  " + (f.uuid() == null ? orDash(f.table()) : f.uuid()) + ": first " + where(f.first())
                        + (f.occurrences() > 1 ? ", last " + where(f.last()) : ""));
            }
            if (r.findingsOmitted() > 0) {
                out.println("(" + r.findingsOmitted() + " more occurrences of other locks not listed)");
            }
        }
        if (!r.events().isEmpty()) {
            out.println();
            out.println("Timeline:");
            TextTable table = new TextTable(out, List.of("Time", "Event", "Table", "UUID", "Where"), 1000);
            for (LockEvent e : r.events()) {
                table.row(Arrays.asList(e.timestamp() == null ? "-" : e.timestamp().toString(), e.kind().name(),
                        orDash(e.table()), orDash(e.uuid()), e.file() + ":" + e.line()));
            }
            table.finish();
            if (r.eventsOmitted() > 0) {
                out.println("(" + r.eventsOmitted() + " events from the middle of the timeline omitted; the first "
                        + "and the most recent are shown)");
            }
        }
        r.findings().stream().filter(f -> f.uuid() != null).reduce((a, b) -> b).ifPresent(f -> {
            out.println();
            out.println("The log names lock " + f.uuid() + (f.table() == null ? "" : " in " + f.table())
                    + ". A log only proves a migrator waited; check the database before clearing: "
                    + "lockdoctor status --log <file>.");
        });
    }

    private static String where(LogLocation l) {
        return l.file() + ":" + l.line() + (l.timestamp() == null ? "" : " " + l.timestamp());
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
