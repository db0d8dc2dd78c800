package io.lockdoctor.core.scan;

import java.util.List;

/**
 * What a scan found. Field names map 1:1 to the {@code scan-log} JSON document (README, JSON);
 * {@code errors}, {@code eventsOmitted} and {@code findingsOmitted} are extra to it.
 *
 * @param findings        lock messages, in order of first appearance
 * @param events          the timeline, in scan order; with very many events the first and the most
 *                        recent are kept and {@code eventsOmitted} counts the rest
 * @param filesScanned    inputs that were opened and read (completely or up to an error)
 * @param bytesScanned    log bytes scanned (decompressed bytes for gzip)
 * @param errors          inputs that could not be read, or not to the end; non-empty means exit 1
 * @param eventsOmitted   events dropped from the middle of a very long timeline
 * @param findingsOmitted distinct findings dropped beyond the limit (hostile input)
 * @param timeline        every event folded: runs of one message and series of failed starts, in order
 * @param timelineOmitted folded rows dropped from the middle (only hostile input has that many)
 */
public record ScanResult(List<LogFinding> findings, List<LockEvent> events, int filesScanned,
        long bytesScanned, List<ScanError> errors, long eventsOmitted, long findingsOmitted,
        List<TimelineEntry> timeline, long timelineOmitted) {

    public ScanResult {
        findings = List.copyOf(findings);
        events = List.copyOf(events);
        errors = List.copyOf(errors);
        timeline = List.copyOf(timeline);
    }

    /** Whether any lock message (HAPI-2153 or the old variant) was found. */
    public boolean foundLockMessage() {
        return !findings.isEmpty();
    }

    /** Whether any input could not be read (completely). */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }
}
