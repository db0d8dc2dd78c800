package io.lockdoctor.core.scan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gathers the matches of one stretch of input (a chunk or a stream) in bounded memory: findings are
 * aggregated by message, events keep the first tenth and the most recent of the limit. A message
 * repeated within one line (Logstash {@code message} and {@code stack_trace}) counts once.
 */
final class MatchCollector {
    record FindingKey(String table, String uuid, String code) {
    }

    static final class Aggregate {
        long count;
        RawMatch first;
        RawMatch last;
    }

    private final int headLimit;
    private final int tailLimit;
    private final int maxFindings;
    final List<RawMatch> head = new ArrayList<>();
    final ArrayDeque<RawMatch> tail = new ArrayDeque<>();
    long eventsOmitted;
    final Map<FindingKey, Aggregate> findings = new LinkedHashMap<>();
    long findingsOmitted;
    final TimelineFolder timeline;

    private long currentLine = Long.MIN_VALUE;
    private final List<RawMatch> onLine = new ArrayList<>();

    MatchCollector(ScanOptions options) {
        this.headLimit = Math.max(1, options.maxEvents() / 10);
        this.tailLimit = options.maxEvents() - headLimit;
        this.maxFindings = options.maxFindings();
        this.timeline = new TimelineFolder(timelineRows(options), true);
    }

    /** Rows of the folded timeline kept (a crash loop folds into a handful; hostile input is cut). */
    static int timelineRows(ScanOptions options) {
        return Math.max(10, options.maxEvents() / 5);
    }

    void add(RawMatch match) {
        if (match.line() != currentLine) {
            currentLine = match.line();
            onLine.clear();
        }
        for (RawMatch seen : onLine) {
            if (seen.sameMessage(match)) {
                return;
            }
        }
        if (onLine.size() < 64) {
            onLine.add(match);
        }
        addEvent(match);
        timeline.add(match.kind(), match.table(), match.uuid(), null, match.line(), match.timestamp());
        if (match.kind() == LockEventKind.LOCK_BLOCKED) {
            addFinding(new FindingKey(match.table(), match.uuid(), match.code()), 1, match, match);
        }
    }

    void addEvent(RawMatch match) {
        if (head.size() < headLimit) {
            head.add(match);
            return;
        }
        tail.addLast(match);
        if (tail.size() > tailLimit) {
            tail.removeFirst();
            eventsOmitted++;
        }
    }

    void addFinding(FindingKey key, long count, RawMatch first, RawMatch last) {
        Aggregate agg = findings.get(key);
        if (agg == null) {
            if (findings.size() >= maxFindings) {
                findingsOmitted += count;
                return;
            }
            agg = new Aggregate();
            agg.first = first;
            findings.put(key, agg);
        }
        agg.count += count;
        agg.last = last;
    }

    boolean isEmpty() {
        return head.isEmpty() && findings.isEmpty();
    }

    static boolean sameKey(FindingKey a, FindingKey b) {
        return Objects.equals(a, b);
    }
}
