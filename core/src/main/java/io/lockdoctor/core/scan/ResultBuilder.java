package io.lockdoctor.core.scan;

import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Merges the collectors of all chunks and files, in input order, into a {@link ScanResult}. */
final class ResultBuilder {
    private static final class Finding {
        long count;
        LogLocation first;
        LogLocation last;
    }

    private final int headLimit;
    private final int tailLimit;
    private final int maxFindings;
    private final ZoneId zone;
    private final List<LockEvent> head = new ArrayList<>();
    private final ArrayDeque<LockEvent> tail = new ArrayDeque<>();
    private long eventsOmitted;
    private final Map<MatchCollector.FindingKey, Finding> findings = new LinkedHashMap<>();
    private long findingsOmitted;
    private final List<ScanError> errors = new ArrayList<>();
    private final TimelineFolder timeline;
    private int filesScanned;
    private long bytesScanned;

    ResultBuilder(ScanOptions options) {
        this.headLimit = Math.max(1, options.maxEvents() / 10);
        this.tailLimit = options.maxEvents() - headLimit;
        this.maxFindings = options.maxFindings();
        this.zone = options.logZone();
        this.timeline = new TimelineFolder(MatchCollector.timelineRows(options), false, zone);
    }

    synchronized void fileScanned() {
        filesScanned++;
    }

    synchronized void bytesScanned(long bytes) {
        bytesScanned += bytes;
    }

    synchronized void error(String file, String message) {
        errors.add(new ScanError(file, message));
    }

    /**
     * Adds a chunk's matches.
     *
     * @param newlinesBefore newlines in the file before the collector's origin
     */
    synchronized void merge(String file, MatchCollector collector, long newlinesBefore) {
        KeptEvents events = collector.events;
        int n = events.size();
        int i = 0;
        for (; i < n && head.size() < headLimit; i++) {
            addEvent(events.event(i, file, newlinesBefore, zone));
        }
        // Events the chunk's later ones push out of the tail again are counted, not made (a crash loop's
        // chunks each keep thousands).
        int pushedOut = n - i - tailLimit;
        if (pushedOut > 0) {
            eventsOmitted += tail.size() + pushedOut;
            tail.clear();
            i += pushedOut;
        }
        for (; i < n; i++) {
            addEvent(events.event(i, file, newlinesBefore, zone));
        }
        eventsOmitted += events.omitted();
        collector.findings.forEach((key, agg) -> {
            Finding f = findings.get(key);
            if (f == null) {
                if (findings.size() >= maxFindings) {
                    findingsOmitted += agg.count;
                    return;
                }
                f = new Finding();
                f.first = location(file, newlinesBefore + agg.firstLine, agg.firstTime, agg.firstLocal);
                findings.put(key, f);
            }
            f.count += agg.count;
            f.last = location(file, newlinesBefore + agg.lastLine, agg.lastTime, agg.lastLocal);
        });
        findingsOmitted += collector.findingsOmitted;
        timeline.replay(collector.timeline, file, newlinesBefore);
    }

    /** {@code newlines}: before the line, in the file. */
    private LogLocation location(String file, long newlines, LogTimestamp time, long localMillis) {
        return new LogLocation(file, newlines + 1, LogbackTimes.timestamp(time, localMillis, zone));
    }

    private void addEvent(LockEvent event) {
        if (head.size() < headLimit) {
            head.add(event);
            return;
        }
        tail.addLast(event);
        if (tail.size() > tailLimit) {
            tail.removeFirst();
            eventsOmitted++;
        }
    }

    synchronized ScanResult build() {
        List<LogFinding> out = new ArrayList<>();
        findings.forEach((key, f) -> out.add(new LogFinding(key.table(), key.uuid(), key.code(), f.count, f.first,
                f.last)));
        List<LockEvent> events = new ArrayList<>(head);
        events.addAll(tail);
        return new ScanResult(out, events, filesScanned, bytesScanned, errors, eventsOmitted, findingsOmitted,
                timeline.entries(), timeline.omitted());
    }
}
