package io.lockdoctor.core.scan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Gathers the matches of one stretch of input (a chunk or a stream) in bounded memory: findings are
 * aggregated by message, events keep the first tenth and the most recent of the limit. A message
 * repeated within one line (Logstash {@code message} and {@code stack_trace}) counts once.
 *
 * <p>Nothing is allocated per message once its lock is known: a crash loop's millions of waits and
 * failed starts are copied into {@link KeptEvents}, the growing timeline run and the finding's counter.
 */
final class MatchCollector {
    /**
     * Written out, not generated: a record's own {@code equals} and {@code hashCode} are linked through
     * method handles at their first call, about 40 ms of CPU in every scan that finds a lock.
     */
    record FindingKey(String table, String uuid, String code) {
        @Override
        public boolean equals(Object o) {
            return o instanceof FindingKey k && Objects.equals(table, k.table) && Objects.equals(uuid, k.uuid)
                    && Objects.equals(code, k.code);
        }

        @Override
        public int hashCode() {
            return Objects.hash(table, uuid, code);
        }
    }

    /** A finding's count and where it was first and last seen (lines from the origin, times as given). */
    static final class Aggregate extends Span {
        long count;
    }

    /** Messages of one line remembered to count a repeat within the line once. */
    private static final int MAX_ON_LINE = 64;

    private final int maxFindings;
    final KeptEvents events;
    final Map<FindingKey, Aggregate> findings = new LinkedHashMap<>();
    long findingsOmitted;
    final TimelineFolder timeline;
    /** The finding added last: a crash loop names one lock at every start. */
    private FindingKey lastKey;
    private Aggregate lastAggregate;

    private long currentLine = Long.MIN_VALUE;
    private int onLine;
    private final LockEventKind[] onLineKinds = new LockEventKind[MAX_ON_LINE];
    private final String[] onLineTables = new String[MAX_ON_LINE];
    private final String[] onLineUuids = new String[MAX_ON_LINE];
    private final String[] onLineCodes = new String[MAX_ON_LINE];

    MatchCollector(ScanOptions options) {
        this.maxFindings = options.maxFindings();
        this.events = new KeptEvents(options.maxEvents());
        this.timeline = new TimelineFolder(timelineRows(options), true, options.logZone());
    }

    /** Rows of the folded timeline kept (a crash loop folds into a handful; hostile input is cut). */
    static int timelineRows(ScanOptions options) {
        return Math.max(10, options.maxEvents() / 5);
    }

    void add(FoundMessage m) {
        if (m.line != currentLine) {
            currentLine = m.line;
            onLine = 0;
        } else if (seenOnLine(m)) {
            return;
        }
        rememberOnLine(m);
        events.add(m);
        timeline.add(m.kind, m.table, m.uuid, null, m.line, m.time, m.localMillis);
        if (m.kind == LockEventKind.LOCK_BLOCKED) {
            addFinding(m);
        }
    }

    private void rememberOnLine(FoundMessage m) {
        if (onLine < MAX_ON_LINE) {
            onLineKinds[onLine] = m.kind;
            onLineTables[onLine] = m.table;
            onLineUuids[onLine] = m.uuid;
            onLineCodes[onLine] = m.code;
            onLine++;
        }
    }

    private boolean seenOnLine(FoundMessage m) {
        for (int i = 0; i < onLine; i++) {
            if (onLineKinds[i] == m.kind && Objects.equals(onLineTables[i], m.table)
                    && Objects.equals(onLineUuids[i], m.uuid) && Objects.equals(onLineCodes[i], m.code)) {
                return true;
            }
        }
        return false;
    }

    private void addFinding(FoundMessage m) {
        Aggregate agg = lastAggregate;
        if (agg == null || !Objects.equals(lastKey.table(), m.table) || !Objects.equals(lastKey.uuid(), m.uuid)
                || !Objects.equals(lastKey.code(), m.code)) {
            FindingKey key = new FindingKey(m.table, m.uuid, m.code);
            agg = findings.get(key);
            if (agg == null) {
                if (findings.size() >= maxFindings) {
                    findingsOmitted++;
                    return;
                }
                agg = new Aggregate();
                agg.startAt(m.line, m.time, m.localMillis);
                findings.put(key, agg);
            }
            lastKey = key;
            lastAggregate = agg;
        }
        agg.count++;
        agg.extendTo(m.line, m.time, m.localMillis);
    }
}
