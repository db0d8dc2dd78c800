package io.lockdoctor.core.evidence;

import io.lockdoctor.core.LockDoctorException;
import io.lockdoctor.core.db.DatabaseSession;
import io.lockdoctor.core.history.HistoryFingerprint;
import io.lockdoctor.core.history.HistoryReader;
import io.lockdoctor.core.history.MigrationTable;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.TableLocation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs the observe window of DESIGN §2 on one database: proves sessions observable (privilege,
 * complete view, a probe session seen), then samples other sessions and re-reads the history
 * tables about every 250 ms, and compares write counters across the window. Runs outside any
 * transaction; lockdoctor's own sessions are left out by id and by tag.
 */
public final class EvidenceCollector {
    private final SessionObserver observer;

    public EvidenceCollector(SessionObserver observer) {
        this.observer = observer;
    }

    /**
     * @param session the session that samples (autocommit, tagged)
     * @param probeOpener opens a second tagged session, used once to prove that sessions are visible
     * @param tables the history tables whose locks are judged
     * @param schemas the schemas whose write counters are compared
     */
    public WindowResult observe(DatabaseSession session, Supplier<DatabaseSession> probeOpener,
            Collection<MigrationTable> tables, Collection<String> schemas, ObserveOptions options,
            WindowProgress progress) {
        HistoryReader reader = new HistoryReader(session);
        if (options.observe().isZero()) {
            return withoutWindow(session, reader, tables);
        }
        List<TableLocation> locations = tables.stream().map(MigrationTable::location).toList();
        SessionClassifier classifier = new SessionClassifier(locations, options.longStatement());
        List<String> namespaces = locations.stream().map(TableLocation::schema).filter(Objects::nonNull)
                .distinct().toList();
        Set<String> ownIds = new HashSet<>();
        ownIds.add(observer.sessionId(session.handle()));
        String ownTag = session.settings().applicationName();

        Observability observability = prove(session, probeOpener);
        Map<TableLocation, HistoryFingerprint> before = new HashMap<>();
        Map<TableLocation, Integer> maxTaskRankBefore = new HashMap<>();
        Map<TableLocation, List<LockRow>> locksAtStart = new HashMap<>();
        for (MigrationTable table : tables) {
            before.put(table.location(), reader.fingerprint(table));
            maxTaskRankBefore.put(table.location(), reader.maxTaskRank(table));
            locksAtStart.put(table.location(), reader.locks(table));
        }
        OptionalLong countersBefore = observer.writeCounter(session.handle(), schemas);

        Map<String, SessionFinding> findings = new LinkedHashMap<>();
        Map<TableLocation, List<String>> changes = new HashMap<>();
        int hiddenStatements = 0;
        int samples = 0;
        long startNanos = System.nanoTime();
        long windowNanos = options.observe().toNanos();
        Duration elapsed = Duration.ZERO;
        while (windowNanos > 0) {
            Instant now = session.databaseNow();
            for (SessionActivity activity : observer.sample(session.handle(), namespaces)) {
                if (ownIds.contains(activity.id()) || ownTag.equals(activity.application())) {
                    continue;
                }
                if (!activity.statementVisible()) {
                    hiddenStatements++;
                }
                classifier.classify(activity, now, observer.terminateCommand(activity))
                        .ifPresent(f -> keepStrongest(findings, f));
            }
            // Each sample only checks the highest rank (an index lookup); the full fingerprint, which
            // scans the table, is compared once more at the end.
            for (MigrationTable table : tables) {
                List<String> changed = rankChangedSince(reader, table, maxTaskRankBefore.get(table.location()));
                if (!changed.isEmpty()) {
                    changes.putIfAbsent(table.location(), changed);
                }
            }
            samples++;
            elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            progress.update(elapsed, options.observe());
            if (elapsed.toNanos() >= windowNanos) {
                break;
            }
            sleep(Math.min(ObserveOptions.SAMPLE_INTERVAL.toNanos(), windowNanos - elapsed.toNanos()));
        }
        if (samples > 0) {
            for (MigrationTable table : tables) {
                List<String> changed = changesSince(reader, table, before.get(table.location()));
                if (!changed.isEmpty()) {
                    changes.putIfAbsent(table.location(), changed);
                }
            }
        }
        Map<TableLocation, LockRow> locksAtEnd = new HashMap<>();
        for (MigrationTable table : tables) {
            List<LockRow> locks;
            try {
                locks = reader.locks(table);
            } catch (LockDoctorException e) {
                // Unreadable now (another session locks it, or it was dropped): that is a change, never
                // a lock "released"; keep the lock seen at the start so the change decides the verdict.
                changes.putIfAbsent(table.location(), List.of("the lock row could no longer be read ("
                        + e.getMessage() + ")"));
                locks = locksAtStart.getOrDefault(table.location(), List.of());
            }
            if (!locks.isEmpty()) {
                locksAtEnd.put(table.location(), locks.get(0));
            }
        }
        OptionalLong writes = OptionalLong.empty();
        OptionalLong countersAfter = observer.writeCounter(session.handle(), schemas);
        if (samples > 0 && countersBefore.isPresent() && countersAfter.isPresent()) {
            writes = OptionalLong.of(Math.max(0, countersAfter.getAsLong() - countersBefore.getAsLong()));
        }
        if (hiddenStatements > 0 && observability.observable()) {
            observability = Observability.not(hiddenStatements + " session samples hid their statement from this account "
                    + "(<insufficient privilege>, or on PostgreSQL a session with track_activities off)",
                    "use an account that may read every session's activity, and keep track_activities on");
        }
        return new WindowResult(samples == 0 ? Duration.ZERO : elapsed, samples, observability,
                new ArrayList<>(findings.values()), locksAtEnd, changes, writes, session.databaseNow());
    }

    /**
     * What changed in one table since the window began. A table that can no longer be read (dropped
     * or renamed while the window ran, e.g. a database removed from a shared MariaDB server) has
     * changed: that is reported on that table instead of failing the whole database.
     */
    private static List<String> changesSince(HistoryReader reader, MigrationTable table, HistoryFingerprint before) {
        try {
            return reader.fingerprint(table).changesSince(before);
        } catch (LockDoctorException e) {
            return List.of("the table could no longer be read (" + e.getMessage() + ")");
        }
    }

    private static List<String> rankChangedSince(HistoryReader reader, MigrationTable table, Integer before) {
        try {
            Integer now = reader.maxTaskRank(table);
            return java.util.Objects.equals(now, before) ? List.of()
                    : List.of("highest installed_rank " + before + " -> " + now);
        } catch (LockDoctorException e) {
            return List.of("the table could no longer be read (" + e.getMessage() + ")");
        }
    }

    /**
     * {@code --observe 0s}: no window, so nothing is sampled and observability is not proven (the
     * verdict stops at UNCERTAIN whatever it would show); only the locks are read.
     */
    private static WindowResult withoutWindow(DatabaseSession session, HistoryReader reader,
            Collection<MigrationTable> tables) {
        Map<TableLocation, LockRow> locks = new HashMap<>();
        for (MigrationTable table : tables) {
            reader.locks(table).stream().findFirst().ifPresent(l -> locks.put(table.location(), l));
        }
        return new WindowResult(java.time.Duration.ZERO, 0, Observability.not("not checked: --observe 0s skips the "
                + "observe window", "run again with --observe 10s or longer"), List.of(), locks, Map.of(),
                OptionalLong.empty(), session.databaseNow());
    }

    /** Privilege and view first, then a second lockdoctor session must show up in a sample. */
    private Observability prove(DatabaseSession session, Supplier<DatabaseSession> probeOpener) {
        Observability claimed = observer.observability(session.handle());
        if (!claimed.observable()) {
            return claimed;
        }
        try (DatabaseSession probe = probeOpener.get()) {
            // Not added to ownIds: the probe is closed before the window, and its connection goes
            // back to the caller's pool, where the next borrower (the migration itself, when
            // lockdoctor is embedded) would keep its id and be left out of every sample.
            String probeId = observer.sessionId(probe.handle());
            boolean seen = observer.sample(session.handle()).stream().anyMatch(a -> a.id().equals(probeId));
            if (!seen) {
                return Observability.not("a second lockdoctor session (id " + probeId + ") did not show in the session "
                        + "list, so the list is incomplete (a connection pooler or proxy in between?)",
                        "connect directly to the database server, not through a pooler or proxy");
            }
            return Observability.proven(claimed.detail() + "; a probe session (id " + probeId + ") was seen");
        }
    }

    /** One finding per session: ACTIVE outranks BLOCKING, the first sighting is kept otherwise. */
    private static void keepStrongest(Map<String, SessionFinding> findings, SessionFinding f) {
        findings.merge(f.session().id(), f, (old, now) ->
                old.effect() == SessionFinding.Effect.BLOCKING && now.effect() == SessionFinding.Effect.ACTIVE ? now : old);
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockDoctorException("interrupted during the observe window");
        }
    }
}
