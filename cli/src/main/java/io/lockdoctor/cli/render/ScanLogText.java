package io.lockdoctor.cli.render;

import io.lockdoctor.core.scan.LockEvent;
import io.lockdoctor.core.scan.LockEventKind;
import io.lockdoctor.core.scan.LogFinding;
import io.lockdoctor.core.scan.LogLocation;
import io.lockdoctor.core.scan.LogTimestamp;
import io.lockdoctor.core.scan.ScanResult;
import io.lockdoctor.core.scan.TimelineEntry;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scan-log} as text: a table of the lock messages found, then the lock's timeline with
 * repetition folded (a crash loop's thousands of waits and failed starts in a few rows).
 */
public final class ScanLogText {
    private ScanLogText() {
    }

    /** Times in one fixed format: the wall-clock time as logged, then the offset when the log gives one. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String TIME_NOTE = "times: yyyy-MM-dd HH:mm:ss.SSS as logged, with the offset when known";

    /**
     * @param allEvents every event on its own row (as far as kept), instead of the timeline with
     *                  repetition folded
     */
    public static void print(PrintWriter out, ScanResult r, boolean allEvents) {
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
        if (allEvents) {
            printEvents(out, r);
        } else {
            printTimeline(out, r);
        }
        r.findings().stream().filter(f -> f.uuid() != null).reduce((a, b) -> b).ifPresent(f -> {
            out.println();
            out.println("The log names lock " + f.uuid() + (f.table() == null ? "" : " in " + f.table())
                    + ". A log only proves a migrator waited; check the database before clearing: "
                    + "lockdoctor status --log <file>.");
        });
    }

    /** Runs of one message as one row, series of failed starts as one row: every event counted. */
    private static void printTimeline(PrintWriter out, ScanResult r) {
        if (r.timeline().isEmpty()) {
            return;
        }
        long events = r.timeline().stream().mapToLong(TimelineEntry::count).sum();
        out.println();
        out.println("Timeline (" + events + " event" + (events == 1 ? "" : "s") + ", repetition folded; "
                + "--all-events lists them one by one; " + TIME_NOTE + "):");
        TextTable table = new TextTable(out, List.of("From", "To", "Event", "Table", "UUID", "Lines"), 1000);
        for (TimelineEntry e : r.timeline()) {
            boolean single = e.count() == 1;
            table.row(Arrays.asList(time(e.first().timestamp()), single ? "" : time(e.last().timestamp()),
                    describe(e), orDash(e.table()), orDash(e.uuid()), lines(e.first(), e.last())));
        }
        table.finish();
        if (r.timelineOmitted() > 0) {
            out.println("(" + r.timelineOmitted() + " rows from the middle of the timeline omitted)");
        }
    }

    private static String describe(TimelineEntry e) {
        if (e.isFailedStarts()) {
            String waits = e.minWaits() == e.maxWaits() ? Long.toString(e.minWaits())
                    : e.minWaits() + "-" + e.maxWaits();
            return e.failedStarts() + " failed starts (each " + waits + " waits, then HAPI-2153)";
        }
        if (e.count() == 1) {
            return e.kind().name();
        }
        return e.count() + (e.kind() == LockEventKind.LOCK_WAIT ? " waits" : " x " + e.kind().name());
    }

    private static void printEvents(PrintWriter out, ScanResult r) {
        if (r.events().isEmpty()) {
            return;
        }
        out.println();
        out.println("Events (" + TIME_NOTE + "):");
        TextTable table = new TextTable(out, List.of("Time", "Event", "Table", "UUID", "Where"), 1000);
        for (LockEvent e : r.events()) {
            table.row(Arrays.asList(time(e.timestamp()), e.kind().name(), orDash(e.table()), orDash(e.uuid()),
                    e.file() + ":" + e.line()));
        }
        table.finish();
        if (r.eventsOmitted() > 0) {
            out.println("(" + r.eventsOmitted() + " events from the middle omitted; the first and the most recent "
                    + "are shown, and the timeline without --all-events counts them all)");
        }
    }

    /** {@code 2025-03-11 03:00:04.101}, then {@code Z} or {@code +01:00} when the offset is known; "-" for none. */
    public static String time(LogTimestamp t) {
        if (t == null) {
            return "-";
        }
        String local = TIME.format(t.dateTime());
        return t.offset() == null ? local : local + " " + t.offset().getId();
    }

    private static String lines(LogLocation first, LogLocation last) {
        if (!first.file().equals(last.file())) {
            return first.file() + ":" + first.line() + " to " + last.file() + ":" + last.line();
        }
        return first.file() + ":" + first.line() + (last.line() == first.line() ? "" : "-" + last.line());
    }

    private static String where(LogLocation l) {
        return l.file() + ":" + l.line() + (l.timestamp() == null ? "" : " " + time(l.timestamp()));
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
