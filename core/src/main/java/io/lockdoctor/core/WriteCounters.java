package io.lockdoctor.core;

import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionObserver;
import io.lockdoctor.core.spi.Statements;
import io.lockdoctor.core.spi.TableWrites;
import io.lockdoctor.core.support.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Counters read before the window, and the reading and explanation of their rise after it. */
final class WriteCounters {
    private final SessionObserver observer;
    private final Statements sql;
    private final Collection<String> schemas;
    private final Optional<List<TableWrites>> tablesBefore;
    private final OptionalLong totalBefore;

    WriteCounters(SessionObserver observer, Statements sql, Collection<String> schemas) {
        this.observer = observer;
        this.sql = sql;
        this.schemas = schemas;
        this.tablesBefore = observer.tableWrites(sql, schemas);
        this.totalBefore = tablesBefore.isPresent() ? OptionalLong.of(sum(tablesBefore.get()))
                : observer.writeCounter(sql, schemas);
    }

    WriteEvidence settle(List<SessionFinding> findings, WindowSessions sessions, Instant windowStart,
            List<TableLocation> historyTables, boolean historyUnchanged) {
        if (totalBefore.isEmpty()) {
            return WriteEvidence.none();
        }
        List<String> notes = new ArrayList<>();
        SessionObserver.CounterLag lag = observer.counterLag(sql);
        if (lag.any()) {
            Duration waited = waitForLateCounters(findings, sessions, lag);
            notes.add("This database publishes a session's counters up to " + format(lag.busy()) + " late while it "
                    + "is busy and up to " + format(lag.idle()) + " late once idle: writes made just before the window "
                    + "can show in it, and the counters were read again " + format(waited) + " after the window so "
                    + "that writes at its end are not missed.");
        }
        if (tablesBefore.isEmpty()) {
            OptionalLong after = observer.writeCounter(sql, schemas);
            return after.isEmpty() ? WriteEvidence.none()
                    : new WriteEvidence(OptionalLong.of(Math.max(0, after.getAsLong() - totalBefore.getAsLong())), 0,
                            notes);
        }
        List<TableWrites> after = observer.tableWrites(sql, schemas).orElse(List.of());
        Map<String, TableWrites> beforeByName = new HashMap<>();
        tablesBefore.get().forEach(t -> beforeByName.put(key(t.schema(), t.table()), t));
        long rise = 0;
        long explained = 0;
        boolean waiters = findings.stream().anyMatch(f -> f.effect() == SessionFinding.Effect.LOCK_WAITER);
        List<SessionActivity> earlyWriters = lag.any() ? sessions.idleWritersBefore(windowStart) : List.of();
        for (TableWrites now : after) {
            TableWrites delta = now.since(beforeByName.get(key(now.schema(), now.table())));
            if (delta.total() == 0) {
                continue;
            }
            rise += delta.total();
            boolean history = historyTables.stream().anyMatch(h -> h.name().equals(now.table())
                    && (h.schema() == null || h.schema().equals(now.schema())));
            if (history && historyUnchanged && waiters && delta.updated() == 0 && delta.deleted() == 0) {
                explained += delta.inserted();
                notes.add(delta.inserted() + " rows inserted into " + now.displayName() + " while its rows stayed as "
                        + "they were: failed lock INSERTs of the node waiting for the lock.");
                continue;
            }
            Optional<SessionActivity> early = earlyWriters.stream()
                    .filter(s -> s.statement().toUpperCase(Locale.ROOT)
                            .contains(now.table().toUpperCase(Locale.ROOT)))
                    .findFirst();
            if (early.isPresent()) {
                explained += delta.total();
                notes.add(delta.total() + " writes to " + now.displayName() + " were made before the window by "
                        + "session " + early.get().id() + " (idle since " + early.get().stateSince()
                        + ") and published late by the database.");
            }
        }
        return new WriteEvidence(OptionalLong.of(rise), explained, notes);
    }

    /**
     * Waits until the counters of every session that does not itself rule STALE out (waiters,
     * excluded clients) have been published: a busy session's within {@code lag.busy()}, an idle
     * one's {@code lag.idle()} after its last statement. Sessions that rule STALE out need no
     * wait: the verdict cannot be STALE anyway.
     */
    private Duration waitForLateCounters(List<SessionFinding> findings, WindowSessions sessions,
            SessionObserver.CounterLag lag) {
        if (findings.stream().allMatch(f -> f.effect().blocksStale())) {
            return Duration.ZERO;
        }
        Duration wait = lag.busy().plusMillis(100);
        boolean excludedRecentlyActive = findings.stream()
                .anyMatch(f -> f.effect() == SessionFinding.Effect.EXCLUDED && f.session().lastActivity() != null
                        && f.session().lastActivity().plus(lag.idle()).isAfter(f.seenAt()));
        if (excludedRecentlyActive) {
            wait = lag.idle().plusMillis(500);
        }
        EvidenceCollector.sleep(wait.toNanos());
        return wait;
    }

    private static String key(String schema, String table) {
        return schema + "\u0000" + table;
    }

    private static long sum(List<TableWrites> tables) {
        return tables.stream().mapToLong(TableWrites::total).sum();
    }

    private static String format(Duration d) {
        return Durations.format(d);
    }
}
