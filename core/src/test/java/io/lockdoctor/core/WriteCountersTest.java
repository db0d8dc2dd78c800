package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.SessionFinding.Effect;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionObserver;
import io.lockdoctor.core.spi.SessionObserver.CounterLag;
import io.lockdoctor.core.spi.Statements;
import io.lockdoctor.core.spi.TableWrites;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How a rise of the write counters across a window is measured, and which part of it is explained. */
class WriteCountersTest {
    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    private static final TableLocation HISTORY =
            new TableLocation(null, "public", "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION);
    private static final List<TableLocation> HISTORY_TABLES = List.of(HISTORY);

    /** A database whose counters are read from queues: the reading before the window, then the one after it. */
    private static final class Counters implements SessionObserver {
        final Deque<OptionalLong> totals = new ArrayDeque<>();
        final Deque<Optional<List<TableWrites>>> tables = new ArrayDeque<>();
        CounterLag lag = CounterLag.NONE;

        @Override
        public String sessionIdQuery() {
            return "SELECT 'self'";
        }

        @Override
        public String sessionId(Statements sql) {
            return "self";
        }

        @Override
        public Observability observability(Statements sql) {
            return Observability.proven("test");
        }

        @Override
        public List<SessionActivity> sample(Statements sql) {
            return List.of();
        }

        @Override
        public OptionalLong writeCounter(Statements sql, Collection<String> schemas) {
            return totals.isEmpty() ? OptionalLong.empty() : totals.poll();
        }

        @Override
        public Optional<List<TableWrites>> tableWrites(Statements sql, Collection<String> schemas) {
            return tables.isEmpty() ? Optional.empty() : tables.poll();
        }

        @Override
        public CounterLag counterLag(Statements sql) {
            return lag;
        }

        @Override
        public String terminateCommand(SessionActivity session) {
            return "END " + session.id();
        }
    }

    private static TableWrites history(long inserted, long updated, long deleted) {
        return new TableWrites("public", "FLY_HFJ_MIGRATION", inserted, updated, deleted);
    }

    private static TableWrites resources(long inserted) {
        return new TableWrites("public", "HFJ_RESOURCE", inserted, 0, 0);
    }

    private static Optional<List<TableWrites>> tables(TableWrites... writes) {
        return Optional.of(List.of(writes));
    }

    private static WindowSessions noSessions() {
        return new WindowSessions(new SessionClassifier(HISTORY_TABLES, Duration.ofMinutes(5)), List.of());
    }

    private static SessionFinding finding(String id, Effect effect, Instant lastActivity) {
        SessionActivity session = new SessionActivity(id, "smile", "10.0.0.5", "node", START.minusSeconds(60),
                lastActivity, false, false, false, true, "SELECT 1", List.of(), lastActivity);
        return new SessionFinding(session, effect, "test", START.plusSeconds(2), "END " + id);
    }

    private static WriteEvidence settle(Counters db, List<SessionFinding> findings, boolean historyUnchanged) {
        return settle(db, findings, noSessions(), historyUnchanged);
    }

    private static WriteEvidence settle(Counters db, List<SessionFinding> findings, WindowSessions sessions,
            boolean historyUnchanged) {
        WriteCounters counters = new WriteCounters(db, null, List.of("public"));
        return counters.settle(findings, sessions, START, HISTORY_TABLES, historyUnchanged);
    }

    @Test
    void aRiseOnItsOwnIsUnexplained() {
        assertThat(WriteEvidence.of(5)).isEqualTo(new WriteEvidence(OptionalLong.of(5), 0, List.of()));
        assertThat(WriteEvidence.of(5).unexplained()).isEqualTo(5);
    }

    @Test
    void aDatabaseWithoutCountersGivesNoWriteEvidence() {
        WriteEvidence writes = settle(new Counters(), List.of(), true);

        assertThat(writes.rise()).isEmpty();
        assertThat(writes.unexplained()).isZero();
    }

    @Test
    void aSingleCounterRisesByTheDifferenceAndNeverFalls() {
        Counters rising = new Counters();
        rising.totals.add(OptionalLong.of(100));
        rising.totals.add(OptionalLong.of(107));
        assertThat(settle(rising, List.of(), true).rise()).hasValue(7);
        assertThat(settle(rising, List.of(), true).unexplained()).isZero();

        Counters reset = new Counters();
        reset.totals.add(OptionalLong.of(100));
        reset.totals.add(OptionalLong.of(3));
        assertThat(settle(reset, List.of(), true).rise()).hasValue(0);

        Counters gone = new Counters();
        gone.totals.add(OptionalLong.of(100));
        assertThat(settle(gone, List.of(), true).rise()).isEmpty();
    }

    @Test
    void writesToAnyTableAreARiseNothingExplains() {
        Counters db = new Counters();
        db.tables.add(tables(history(5, 0, 0), resources(10)));
        db.tables.add(tables(history(5, 0, 0), resources(14), new TableWrites("public", "HFJ_NEW", 2, 1, 0)));

        WriteEvidence writes = settle(db, List.of(), true);

        assertThat(writes.rise()).hasValue(7);
        assertThat(writes.unexplained()).isEqualTo(7);
        assertThat(writes.notes()).isEmpty();
    }

    @Test
    void failedLockInsertsOfAWaitingNodeAreExplained() {
        Counters db = new Counters();
        db.tables.add(tables(history(5, 0, 0)));
        db.tables.add(tables(history(8, 0, 0)));

        WriteEvidence writes = settle(db, List.of(finding("7", Effect.LOCK_WAITER, START)), true);

        assertThat(writes.rise()).hasValue(3);
        assertThat(writes.explained()).isEqualTo(3);
        assertThat(writes.unexplained()).isZero();
        assertThat(writes.notes()).singleElement().asString()
                .startsWith("3 rows inserted into public.FLY_HFJ_MIGRATION").contains("failed lock INSERTs");
    }

    @Test
    void historyInsertsAreWritesWithoutAWaiterOrWhenTheHistoryChangedOrRowsWereUpdatedOrDeleted() {
        List<SessionFinding> waiter = List.of(finding("7", Effect.LOCK_WAITER, START));
        List<SessionFinding> connected = List.of(finding("7", Effect.CONNECTED, START));

        assertThat(settle(historyRise(history(8, 0, 0)), connected, true).unexplained()).isEqualTo(3);
        assertThat(settle(historyRise(history(8, 0, 0)), waiter, false).unexplained()).isEqualTo(3);
        assertThat(settle(historyRise(history(8, 1, 0)), waiter, true).unexplained()).isEqualTo(4);
        assertThat(settle(historyRise(history(8, 0, 1)), waiter, true).unexplained()).isEqualTo(4);
    }

    @Test
    void insertsIntoATableOfTheSameNameInAnotherSchemaAreWrites() {
        Counters db = new Counters();
        db.tables.add(tables(new TableWrites("other", "FLY_HFJ_MIGRATION", 5, 0, 0)));
        db.tables.add(tables(new TableWrites("other", "FLY_HFJ_MIGRATION", 8, 0, 0)));

        assertThat(settle(db, List.of(finding("7", Effect.LOCK_WAITER, START)), true).unexplained()).isEqualTo(3);
    }

    private static Counters historyRise(TableWrites after) {
        Counters db = new Counters();
        db.tables.add(tables(history(5, 0, 0)));
        db.tables.add(tables(after));
        return db;
    }

    /** Session 9, idle since 3 s before the window, whose last statement inserted into HFJ_RESOURCE. */
    private static WindowSessions anEarlyWriterIdleThroughTheWindow() {
        WindowSessions sessions = noSessions();
        SessionActivity earlyWriter = new SessionActivity("9", "smile", "10.0.0.5", "node", START.minusSeconds(60),
                START.minusSeconds(3), false, false, false, true, "INSERT INTO HFJ_RESOURCE (RES_ID) VALUES (1)",
                List.of(), START.minusSeconds(3));
        sessions.sample(List.of(earlyWriter), START.plusSeconds(1), START, a -> "END " + a.id());
        return sessions;
    }

    @Test
    void writesPublishedLateForASessionIdleSinceBeforeTheWindowAreExplained() {
        WindowSessions sessions = anEarlyWriterIdleThroughTheWindow();
        Counters db = new Counters();
        db.lag = new SessionObserver.CounterLag(Duration.ofMillis(10), Duration.ofMillis(20));
        db.tables.add(tables(resources(10), history(5, 0, 0)));
        db.tables.add(tables(resources(12), history(6, 0, 0)));

        WriteEvidence writes = settle(db, sessions.findings(true), sessions, true);

        assertThat(writes.rise()).hasValue(3);
        assertThat(writes.explained()).isEqualTo(2);
        assertThat(writes.notes()).hasSize(2);
        assertThat(writes.notes().get(1)).startsWith("2 writes to public.HFJ_RESOURCE were made before the window by "
                + "session 9");
    }

    @Test
    void withoutLateCountersAnIdleWritersRiseStaysUnexplained() {
        WindowSessions sessions = anEarlyWriterIdleThroughTheWindow();
        Counters db = new Counters();
        db.tables.add(tables(resources(10)));
        db.tables.add(tables(resources(12)));

        WriteEvidence writes = settle(db, sessions.findings(true), sessions, true);

        assertThat(writes.unexplained()).isEqualTo(2);
        assertThat(writes.notes()).isEmpty();
    }

    @Test
    void lateCountersAreReadAgainAfterTheLagOfWhatCouldStillBeStale() {
        Duration busy = Duration.ofMillis(40);
        Duration idle = Duration.ofMillis(200);

        assertThat(waitNote(busy, idle, List.of())).contains("read again 0s after the window");
        assertThat(waitNote(busy, idle, List.of(finding("3", Effect.LOCK_WAITER, START))))
                .contains("read again 140ms after the window");
        // An excluded client active within the idle lag may still have writes to publish.
        assertThat(waitNote(busy, idle, List.of(finding("4", Effect.EXCLUDED, START.plusSeconds(2)))))
                .contains("read again 700ms after the window");
        assertThat(waitNote(busy, idle, List.of(finding("4", Effect.EXCLUDED, START.plusMillis(1800)))))
                .contains("read again 140ms after the window");
        assertThat(waitNote(busy, idle, List.of(finding("4", Effect.EXCLUDED, null))))
                .contains("read again 140ms after the window");
        // Nothing is waited for when every session rules STALE out anyway.
        assertThat(waitNote(busy, idle, List.of(finding("5", Effect.CONNECTED, START),
                finding("6", Effect.BLOCKING, START)))).contains("read again 0s after the window");
    }

    @Test
    void anExcludedClientsLastActivityIsItsLastStatementsStartElseItsStateChange() {
        Duration busy = Duration.ofMillis(40);
        Duration idle = Duration.ofMillis(200);
        SessionActivity recentStatement = new SessionActivity("4", "nagios", "10.0.0.9", "check", START.minusSeconds(60),
                START.plusSeconds(2), false, false, false, true, "SELECT 1", List.of(), START.minusSeconds(30));
        SessionActivity recentState = new SessionActivity("4", "nagios", "10.0.0.9", "check", START.minusSeconds(60),
                null, false, false, false, true, "SELECT 1", List.of(), START.plusSeconds(2));

        for (SessionActivity recent : List.of(recentStatement, recentState)) {
            SessionFinding excluded = new SessionFinding(recent, Effect.EXCLUDED, "test", START.plusSeconds(2), "END 4");
            assertThat(waitNote(busy, idle, List.of(excluded))).contains("read again 700ms after the window");
        }
    }

    @Test
    void eachTableCounterRisesFromItsOwnReadingAndACounterResetIsNoWrite() {
        TableWrites before = new TableWrites("public", "HFJ_RESOURCE", 10, 20, 30);

        assertThat(new TableWrites("public", "HFJ_RESOURCE", 11, 23, 36).since(before))
                .isEqualTo(new TableWrites("public", "HFJ_RESOURCE", 1, 3, 6));
        assertThat(new TableWrites("public", "HFJ_RESOURCE", 1, 2, 3).since(before).total()).isZero();
        assertThat(before.since(null)).isEqualTo(before);
    }

    @Test
    void countersLateOnlyWhenIdleAreStillReadAgain() {
        assertThat(waitNote(Duration.ZERO, Duration.ofMillis(200), List.of(finding("3", Effect.LOCK_WAITER, START))))
                .contains("up to 200ms late once idle").contains("read again 100ms after the window");
    }

    private static String waitNote(Duration busy, Duration idle, List<SessionFinding> findings) {
        Counters db = new Counters();
        db.lag = new SessionObserver.CounterLag(busy, idle);
        db.totals.add(OptionalLong.of(1));
        db.totals.add(OptionalLong.of(1));
        long started = System.nanoTime();
        WriteEvidence writes = settle(db, findings, false);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(
                findings.stream().allMatch(f -> f.effect().blocksStale()) ? Duration.ZERO
                        : busy.plusMillis(100));
        assertThat(writes.rise()).hasValue(0);
        return writes.notes().get(0);
    }
}
