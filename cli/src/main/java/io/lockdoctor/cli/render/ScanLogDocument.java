package io.lockdoctor.cli.render;

import io.lockdoctor.core.scan.LockEvent;
import io.lockdoctor.core.scan.LogFinding;
import io.lockdoctor.core.scan.LogLocation;
import io.lockdoctor.core.scan.LogTimestamp;
import io.lockdoctor.core.scan.ScanResult;
import java.util.List;

/** The {@code scan-log} JSON document the README describes (JSON), field for field; times as ISO-8601 strings. */
public record ScanLogDocument(List<Finding> findings, List<Event> events, int filesScanned, long bytesScanned) {

    public static ScanLogDocument of(ScanResult r) {
        return new ScanLogDocument(r.findings().stream().map(Finding::of).toList(),
                r.events().stream().map(Event::of).toList(), r.filesScanned(), r.bytesScanned());
    }

    public record Finding(String table, String uuid, String code, long occurrences, Location first, Location last) {
        static Finding of(LogFinding f) {
            return new Finding(f.table(), f.uuid(), f.code(), f.occurrences(), Location.of(f.first()),
                    Location.of(f.last()));
        }
    }

    public record Location(String file, long line, String timestamp) {
        static Location of(LogLocation l) {
            return new Location(l.file(), l.line(), iso(l.timestamp()));
        }
    }

    public record Event(String kind, String uuid, String table, String file, long line, String timestamp) {
        static Event of(LockEvent e) {
            return new Event(e.kind().name(), e.uuid(), e.table(), e.file(), e.line(), iso(e.timestamp()));
        }
    }

    static String iso(LogTimestamp t) {
        return t == null ? null : t.toString();
    }
}
