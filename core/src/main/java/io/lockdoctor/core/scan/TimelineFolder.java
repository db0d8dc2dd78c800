package io.lockdoctor.core.scan;

import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Folds the timeline as it streams by, in bounded memory: runs of the same message become one row,
 * and a start that waited and then gave up (waits, {@code Migration failed}, HAPI-2153) repeated with
 * the same lock becomes one series. Every event counts, however many the event list had to omit.
 *
 * <p>Chunks of a file are folded separately, then replayed in order into the file's folder. So that
 * a start cut in two by a chunk boundary is still one start, a folder keeps its rows up to the end of
 * its first complete start unfolded ({@link #prefix}): replayed after the previous chunk's open start,
 * they complete it exactly as a single pass would.
 *
 * <p>Times are kept as given, a {@link LogTimestamp} or Logback's local millis ({@link LogbackTimes}),
 * and become timestamps only for the rows shown.
 */
final class TimelineFolder {
    private static final int MAX_PREFIX = 64;
    private static final int MAX_ATTEMPT_RUNS = 8;

    /** A run of one message, or a series of failed starts. Lines count newlines before, from the origin. */
    static final class Fold extends Span {
        LockEventKind kind;
        String table;
        String uuid;
        String file;
        long count;
        long failedStarts;
        long minWaits;
        long maxWaits;

        boolean sameMessage(Fold o) {
            return isMessage(o.kind, o.table, o.uuid, o.file);
        }

        boolean isMessage(LockEventKind k, String t, String u, String f) {
            return kind == k && Objects.equals(table, t) && Objects.equals(uuid, u) && Objects.equals(file, f);
        }

        /** This fold in {@code newFile} (kept when null), lines moved by {@code lineOffset}. */
        Fold moved(String newFile, long lineOffset) {
            Fold f = copy();
            f.file = newFile == null ? file : newFile;
            f.firstLine += lineOffset;
            f.lastLine += lineOffset;
            return f;
        }

        Fold copy() {
            Fold f = new Fold();
            f.kind = kind;
            f.table = table;
            f.uuid = uuid;
            f.file = file;
            f.count = count;
            f.failedStarts = failedStarts;
            f.minWaits = minWaits;
            f.maxWaits = maxWaits;
            f.startWith(this);
            f.endAt(this);
            return f;
        }

        TimelineEntry entry(ZoneId zone) {
            return new TimelineEntry(kind, table, uuid, count, failedStarts, minWaits, maxWaits,
                    new LogLocation(file, firstLine + 1, LogbackTimes.timestamp(firstTime, firstLocal, zone)),
                    new LogLocation(file, lastLine + 1, LogbackTimes.timestamp(lastTime, lastLocal, zone)));
        }
    }

    private final int maxRows;
    private final ZoneId zone;
    private final int headLimit;
    private final int tailLimit;
    private final List<Fold> head = new ArrayList<>();
    private final ArrayDeque<Fold> tail = new ArrayDeque<>();
    private long omitted;

    private boolean prefixOpen;
    private final List<Fold> prefix = new ArrayList<>();
    private Fold run;
    /** The start being read: a run of waits, then what followed it. */
    private final List<Fold> attempt = new ArrayList<>();
    /** The start just read, as a series of one (copied when it begins a series). */
    private final Fold startRead = new Fold();
    private boolean attemptBlocked;
    private Fold series;
    /** The one start of a series that has only one, shown as its runs. */
    private final List<Fold> seriesFirst = new ArrayList<>();
    /**
     * Runs of starts merged into a series, which nothing refers to any more: the next runs reuse them. A
     * crash loop's three runs a start were 35 MB of garbage per GiB of log, two collections that
     * stopped both scan threads.
     */
    private final ArrayDeque<Fold> spare = new ArrayDeque<>();

    /**
     * @param replayed the folder is a chunk's, to be replayed into another: keep its {@link #prefix}
     * @param zone     the log zone, applied to Logback times when the rows are made
     */
    TimelineFolder(int maxRows, boolean replayed, ZoneId zone) {
        this.maxRows = maxRows;
        this.zone = zone;
        this.headLimit = Math.max(1, maxRows / 10);
        this.tailLimit = Math.max(1, maxRows - headLimit);
        this.prefixOpen = replayed;
    }

    /** One event, in input order; its time is {@code time} or, when null, {@code localMillis}. */
    void add(LockEventKind kind, String table, String uuid, String file, long line, LogTimestamp time,
            long localMillis) {
        if (run != null && run.isMessage(kind, table, uuid, file)) {
            // The common case in a crash loop (49 waits in a row): the run grows, nothing is allocated.
            run.count++;
            run.extendTo(line, time, localMillis);
            return;
        }
        startRun(kind, table, uuid, file, line, time, localMillis);
    }

    private void startRun(LockEventKind kind, String table, String uuid, String file, long line, LogTimestamp time,
            long localMillis) {
        Fold f = spare.isEmpty() ? new Fold() : spare.pop();
        f.failedStarts = 0;
        f.minWaits = 0;
        f.maxWaits = 0;
        f.kind = kind;
        f.table = table;
        f.uuid = uuid;
        f.file = file;
        f.count = 1;
        f.startAt(line, time, localMillis);
        closeRun();
        run = f;
    }

    /** Appends everything {@code source} folded, its lines moved by {@code lineOffset}, in {@code file}. */
    void replay(TimelineFolder source, String file, long lineOffset) {
        for (Fold f : source.prefix) {
            addRun(f.moved(file, lineOffset));
        }
        for (Fold f : source.head) {
            addFold(f.moved(file, lineOffset));
        }
        omitted += source.omitted;
        for (Fold f : source.tail) {
            addFold(f.moved(file, lineOffset));
        }
        if (source.series != null) {
            if (source.series.failedStarts == 1) {
                source.seriesFirst.forEach(f -> addRun(f.moved(file, lineOffset)));
            } else {
                addFold(source.series.moved(file, lineOffset));
            }
        }
        for (Fold f : source.attempt) {
            addRun(f.moved(file, lineOffset));
        }
        if (source.run != null) {
            addRun(source.run.moved(file, lineOffset));
        }
    }

    /** The folded timeline; the folder is finished by this call. */
    List<TimelineEntry> entries() {
        if (!prefix.isEmpty() || prefixOpen) {
            TimelineFolder whole = new TimelineFolder(maxRows, false, zone);
            whole.replay(this, null, 0);
            List<TimelineEntry> out = whole.entries();
            omitted = whole.omitted;
            prefix.clear();
            prefixOpen = false;
            return out;
        }
        closeRun();
        closeAttempt();
        flushSeries();
        List<TimelineEntry> out = new ArrayList<>();
        head.forEach(f -> out.add(f.entry(zone)));
        tail.forEach(f -> out.add(f.entry(zone)));
        return out;
    }

    /** Rows dropped from the middle of a very long folded timeline (hostile input); after {@link #entries()}. */
    long omitted() {
        return omitted;
    }

    private void addRun(Fold f) {
        if (run != null && run.sameMessage(f)) {
            run.count += f.count;
            run.endAt(f);
            return;
        }
        closeRun();
        run = f.copy();
    }

    /** A folded row: a run is folded again; a series joins the series before it when it is the same. */
    private void addFold(Fold f) {
        if (f.failedStarts == 0) {
            addRun(f);
            return;
        }
        closeRun();
        closeAttempt();
        if (series != null && sameSeries(series, f)) {
            mergeSeries(f);
            return;
        }
        flushSeries();
        series = f.copy();
    }

    private void closeRun() {
        if (run == null) {
            return;
        }
        Fold r = run;
        run = null;
        if (r.kind == LockEventKind.LOCK_WAIT) {
            closeAttempt();
            attempt.add(r);
            return;
        }
        if (!attempt.isEmpty()) {
            boolean blocked = r.kind == LockEventKind.LOCK_BLOCKED && r.count == 1;
            boolean failed = r.kind == LockEventKind.MIGRATION_FAILED;
            if ((blocked && !attemptBlocked) || failed) {
                attempt.add(r);
                attemptBlocked |= blocked;
                if (attempt.size() > MAX_ATTEMPT_RUNS) {
                    releaseAttempt();
                }
                return;
            }
            closeAttempt();
        }
        flushSeries();
        emit(r);
    }

    /** The start read so far ends here: a failed start joins the series, anything else is shown as it is. */
    private void closeAttempt() {
        if (attempt.isEmpty()) {
            return;
        }
        if (!attemptBlocked) {
            releaseAttempt();
            return;
        }
        if (prefixOpen) {
            prefix.addAll(attempt);
            prefixOpen = false;
            attempt.clear();
            attemptBlocked = false;
            return;
        }
        Fold start = asSeries(attempt, startRead);
        if (series != null && sameSeries(series, start)) {
            mergeSeries(start);
            // The series holds the start's sum, not its runs: they are free.
            attempt.forEach(spare::push);
        } else {
            flushSeries();
            series = start.copy();
            seriesFirst.clear();
            seriesFirst.addAll(attempt);
        }
        attempt.clear();
        attemptBlocked = false;
    }

    private void releaseAttempt() {
        flushSeries();
        attempt.forEach(this::emit);
        attempt.clear();
        attemptBlocked = false;
    }

    /** The failed start made of {@code runs} as a series of one, in {@code s}. */
    private static Fold asSeries(List<Fold> runs, Fold s) {
        Fold first = runs.get(0);
        Fold last = runs.get(runs.size() - 1);
        Fold blocked = null;
        long count = 0;
        for (Fold f : runs) {
            count += f.count;
            if (blocked == null && f.kind == LockEventKind.LOCK_BLOCKED) {
                blocked = f;
            }
        }
        s.kind = LockEventKind.LOCK_BLOCKED;
        s.table = blocked.table;
        s.uuid = blocked.uuid;
        s.file = first.file;
        s.count = count;
        s.failedStarts = 1;
        s.minWaits = first.count;
        s.maxWaits = first.count;
        s.startWith(first);
        s.endAt(last);
        return s;
    }

    private static boolean sameSeries(Fold a, Fold b) {
        return Objects.equals(a.table, b.table) && Objects.equals(a.uuid, b.uuid) && Objects.equals(a.file, b.file);
    }

    private void mergeSeries(Fold f) {
        series.count += f.count;
        series.failedStarts += f.failedStarts;
        series.minWaits = Math.min(series.minWaits, f.minWaits);
        series.maxWaits = Math.max(series.maxWaits, f.maxWaits);
        series.endAt(f);
    }

    private void flushSeries() {
        if (series == null) {
            return;
        }
        Fold s = series;
        series = null;
        if (s.failedStarts == 1) {
            seriesFirst.forEach(this::emit);
        } else {
            emit(s);
        }
        seriesFirst.clear();
    }

    private void emit(Fold f) {
        if (prefixOpen) {
            prefix.add(f);
            if (prefix.size() >= MAX_PREFIX) {
                prefixOpen = false;
                List<Fold> rows = new ArrayList<>(prefix);
                prefix.clear();
                rows.forEach(this::emit);
            }
            return;
        }
        if (head.size() < headLimit) {
            head.add(f);
            return;
        }
        tail.addLast(f);
        if (tail.size() > tailLimit) {
            tail.removeFirst();
            omitted++;
        }
    }
}
