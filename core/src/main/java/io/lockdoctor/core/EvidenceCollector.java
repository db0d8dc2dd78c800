package io.lockdoctor.core;

import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.model.Terms.Setting;
import io.lockdoctor.core.spi.ClientView;
import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs the observe window on one database: proves sessions observable (privilege, complete view,
 * a probe session seen), then samples the other sessions through the {@link SessionSampler} and
 * re-reads the history tables about every 250 ms, and compares the write counters across the
 * window (waiting for late counters where the database publishes them late). Runs outside any
 * transaction. What the sessions mean is decided by {@link WindowSessions} at the end.
 */
final class EvidenceCollector {

    /**
     * @param session the session that samples (autocommit, tagged)
     * @param probeOpener opens a second tagged session, held through the window: it must show in
     *        the session list, which proves the list complete
     * @param tables the history tables whose locks are judged
     * @param schemas the schemas whose write counters are compared
     */
    public WindowResult observe(DatabaseSession session, Supplier<DatabaseSession> probeOpener,
            Collection<MigrationTable> tables, Collection<String> schemas, ObserveOptions options,
            WindowProgress progress) {
        return observe(session, probeOpener, tables, schemas, options, progress, null);
    }

    /** @param view what lies between lockdoctor and the database (a pooler), or null */
    public WindowResult observe(DatabaseSession session, Supplier<DatabaseSession> probeOpener,
            Collection<MigrationTable> tables, Collection<String> schemas, ObserveOptions options,
            WindowProgress progress, ClientView view) {
        return observe(session, probeOpener, tables, Map.of(), schemas, options, progress, view);
    }

    /**
     * @param locksJustRead the lock rows of some of {@code tables}, read by the caller right before: without
     *        a window they are the rows at its end, not read again
     */
    public WindowResult observe(DatabaseSession session, Supplier<DatabaseSession> probeOpener,
            Collection<MigrationTable> tables, Map<TableLocation, List<LockRow>> locksJustRead,
            Collection<String> schemas, ObserveOptions options, WindowProgress progress, ClientView view) {
        HistoryReader reader = new HistoryReader(session);
        Optional<SessionSampler> maybeSampler = SessionSampler.on(session, view);
        if (options.observe().isZero() || maybeSampler.isEmpty()) {
            return withoutWindow(session, reader, tables, locksJustRead, maybeSampler.isEmpty()
                    ? Observability.not("lockdoctor cannot list sessions on " + session.dialect().displayName(),
                            new Advice.CheckByHand(false))
                    : Observability.not("not checked: " + options.terms().set(Setting.OBSERVE, "0s")
                            + " skips the observe window",
                            new Advice.ObserveLonger(ObserveOptions.DEFAULT_OBSERVE)));
        }
        SessionSampler sampler = maybeSampler.get();
        SessionObserver observer = sampler.observer();
        List<TableLocation> locations = tables.stream().map(MigrationTable::location).toList();
        SessionClassifier classifier = new SessionClassifier(locations, options.longStatement());
        List<String> namespaces = locations.stream().map(TableLocation::schema).filter(Objects::nonNull)
                .distinct().toList();
        WindowSessions sessions = new WindowSessions(classifier, options.excludedClients(), options.terms());

        Observability claimed = throughView(observer.observability(session.sql()), view);
        DatabaseSession probe = claimed.observable() ? probeOpener.get() : null;
        try {
            Observability observability = probe == null ? claimed : prove(session, observer, probe, claimed);
            Map<TableLocation, HistoryFingerprint> before = new HashMap<>();
            Map<TableLocation, Integer> maxTaskRankBefore = new HashMap<>();
            Map<TableLocation, List<LockRow>> locksAtStart = new HashMap<>();
            for (MigrationTable table : tables) {
                before.put(table.location(), reader.fingerprint(table));
                maxTaskRankBefore.put(table.location(), reader.maxTaskRank(table));
                locksAtStart.put(table.location(), reader.locks(table));
            }
            WriteCounters counters = new WriteCounters(observer, session.sql(), schemas);
            Instant windowStart = session.databaseNow();

            Map<TableLocation, List<String>> changes = new HashMap<>();
            int hiddenStatements = 0;
            int samples = 0;
            long startNanos = System.nanoTime();
            long windowNanos = options.observe().toNanos();
            Duration elapsed = Duration.ZERO;
            while (windowNanos > 0) {
                Instant now = session.databaseNow();
                List<SessionActivity> others = sampler.others(namespaces);
                hiddenStatements += (int) others.stream().filter(a -> !a.statementVisible()).count();
                sessions.sample(others, now, windowStart, sampler::terminateCommand);
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
            boolean locksUnchanged = true;
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
                locksUnchanged &= sameDescriptions(locks, locksAtStart.getOrDefault(table.location(), List.of()));
                if (!locks.isEmpty()) {
                    locksAtEnd.put(table.location(), locks.get(0));
                }
            }
            List<SessionFinding> findings = sessions.findings(locksUnchanged && changes.isEmpty());
            if (view != null) {
                Map<String, String> poolers = view.poolerSessions(session.sql());
                findings = findings.stream().map(f -> poolers.containsKey(f.session().id())
                        ? f.withEffect(f.effect(), f.why() + "; its client is a connection pooler ("
                                + poolers.get(f.session().id()) + ")") : f).toList();
                if (!poolers.isEmpty() && !view.readsClients() && observability.observable()) {
                    observability = Observability.not("sessions " + String.join(", ", poolers.keySet()) + " are a "
                            + "connection pooler's, not an application's: the servers use a pooler, and a client "
                            + "paused behind it may hold no session on the database",
                            new Advice.ReadPoolerClients());
                }
            }
            WriteEvidence writes = samples == 0 ? WriteEvidence.none()
                    : counters.settle(findings, sessions, windowStart, locations, changes.isEmpty() && locksUnchanged);
            if (hiddenStatements > 0 && observability.observable()) {
                observability = Observability.not(hiddenStatements + " session samples hid their statement from this "
                        + "account (<insufficient privilege>, or on PostgreSQL a session with track_activities off)",
                        "use an account that may read every session's activity, and keep track_activities on");
            }
            return new WindowResult(samples == 0 ? Duration.ZERO : elapsed, samples, observability, findings,
                    locksAtEnd, changes, writes, session.databaseNow());
        } finally {
            if (probe != null) {
                probe.close();
            }
        }
    }

    /**
     * A pooler in the way is a partial view: a client paused behind it may hold no session on the
     * database, so sessions are observable only where its client list is read too.
     */
    private static Observability throughView(Observability claimed, ClientView view) {
        if (view == null || !claimed.observable()) {
            return claimed;
        }
        if (view.partialView() && !view.readsClients()) {
            return Observability.not(view.description() + "; a client paused behind it may hold no session on the "
                    + "database, so the session list is incomplete", view.settleBy());
        }
        return view.readsClients() ? Observability.proven(claimed.detail() + "; " + view.description()) : claimed;
    }

    private static boolean sameDescriptions(List<LockRow> a, List<LockRow> b) {
        return a.stream().map(LockRow::description).toList().equals(b.stream().map(LockRow::description).toList());
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
            return Objects.equals(now, before) ? List.of() : List.of("highest installed_rank " + before + " -> " + now);
        } catch (LockDoctorException e) {
            return List.of("the table could no longer be read (" + e.getMessage() + ")");
        }
    }

    /**
     * No window (an observe window of 0s, or a database whose sessions lockdoctor cannot list): nothing
     * is sampled and observability is not proven, so the verdict stops at UNCERTAIN; only the locks are read.
     */
    private static WindowResult withoutWindow(DatabaseSession session, HistoryReader reader,
            Collection<MigrationTable> tables, Map<TableLocation, List<LockRow>> locksJustRead, Observability why) {
        Map<TableLocation, LockRow> locks = new HashMap<>();
        for (MigrationTable table : tables) {
            List<LockRow> rows = locksJustRead.containsKey(table.location()) ? locksJustRead.get(table.location())
                    : reader.locks(table);
            rows.stream().findFirst().ifPresent(l -> locks.put(table.location(), l));
        }
        return new WindowResult(Duration.ZERO, 0, why, List.of(), locks, Map.of(), WriteEvidence.none(),
                session.databaseNow());
    }

    /** The privilege and the view are claimed; the probe, held open by lockdoctor, must show in a sample. */
    private static Observability prove(DatabaseSession session, SessionObserver observer, DatabaseSession probe,
            Observability claimed) {
        String probeId = observer.sessionId(probe.sql());
        boolean seen = observer.sample(session.sql()).stream().anyMatch(a -> a.id().equals(probeId));
        if (!seen) {
            return Observability.not("a second lockdoctor session (id " + probeId + ") did not show in the session "
                    + "list, so the list is incomplete (a connection pooler or proxy in between?)",
                    "connect directly to the database server, not through a pooler or proxy");
        }
        return Observability.proven(claimed.detail() + "; a probe session (id " + probeId + ") was seen");
    }

    static void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockDoctorException("interrupted during the observe window");
        }
    }
}
