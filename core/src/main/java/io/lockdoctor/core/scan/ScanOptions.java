package io.lockdoctor.core.scan;

import java.time.ZoneId;

/**
 * How to scan.
 *
 * @param logZone     zone of log timestamps written without an offset (Logback's default), or
 *                    {@code null} to leave them without offset
 * @param threads     worker threads for large plain files (at least 1)
 * @param maxEvents   timeline events kept; beyond it the first tenth and the most recent are kept
 * @param maxFindings distinct findings kept (protects memory against hostile input)
 * @param progress    called now and then with the bytes done, or {@code null}
 */
public record ScanOptions(ZoneId logZone, int threads, int maxEvents, int maxFindings,
        ScanProgressListener progress) {

    public ScanOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (maxEvents < 10) {
            throw new IllegalArgumentException("maxEvents must be at least 10, was " + maxEvents);
        }
        if (maxFindings < 1) {
            throw new IllegalArgumentException("maxFindings must be at least 1, was " + maxFindings);
        }
    }

    /** No zone, one thread per processor, 5,000 events, 1,000 findings, no progress. */
    public static ScanOptions defaults() {
        return new ScanOptions(null, Runtime.getRuntime().availableProcessors(), 5_000, 1_000, null);
    }

    public ScanOptions withLogZone(ZoneId zone) {
        return new ScanOptions(zone, threads, maxEvents, maxFindings, progress);
    }

    public ScanOptions withThreads(int count) {
        return new ScanOptions(logZone, count, maxEvents, maxFindings, progress);
    }

    public ScanOptions withMaxEvents(int count) {
        return new ScanOptions(logZone, threads, count, maxFindings, progress);
    }

    public ScanOptions withMaxFindings(int count) {
        return new ScanOptions(logZone, threads, maxEvents, count, progress);
    }

    public ScanOptions withProgress(ScanProgressListener listener) {
        return new ScanOptions(logZone, threads, maxEvents, maxFindings, listener);
    }
}
