package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.SessionFinding.Effect;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.LockDoctorException;
import io.lockdoctor.core.model.MigrationTable;
import io.lockdoctor.core.spi.ClientView;
import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionObserver;
import io.lockdoctor.core.spi.Statements;
import io.lockdoctor.core.spi.TableWrites;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The observe window run on an in-memory H2 history table, with a scripted session list in place
 * of a server's: what the window proves (observability, the probe), what it sees change (task rows,
 * the lock row, a dropped table), and what it reports of the sessions and the write counters.
 */
class EvidenceCollectorTest {
    private static final Duration WINDOW = Duration.ofMillis(600);
    private static final ObserveOptions OPTIONS = new ObserveOptions(WINDOW, Duration.ZERO, Duration.ofMinutes(5));

    /** A session list a test writes: every other session, the probe shown unless hidden, and a hook per sample. */
    private static final class ScriptedObserver implements SessionObserver {
        Observability claimed = Observability.proven("privilege held");
        boolean probeShown = true;
        String probeId;
        List<SessionActivity> others = List.of();
        /** Sessions of other databases on the same server: listed only when no namespace is asked for. */
        List<SessionActivity> elsewhere = List.of();
        IntConsumer onSample = n -> { };
        int samples;
        final List<Long> counters = new ArrayList<>();
        final List<List<TableWrites>> tables = new ArrayList<>();

        @Override
        public String sessionIdQuery() {
            return "SELECT SESSION_ID()";
        }

        @Override
        public Observability observability(Statements sql) {
            return claimed;
        }

        @Override
        public List<SessionActivity> sample(Statements sql) {
            List<SessionActivity> all = new ArrayList<>(sample(sql, List.of("PUBLIC")));
            all.addAll(elsewhere);
            return all;
        }

        @Override
        public List<SessionActivity> sample(Statements sql, Collection<String> namespaces) {
            onSample.accept(samples++);
            List<SessionActivity> all = new ArrayList<>(others);
            if (probeShown && probeId != null) {
                all.add(idle(probeId, "SELECT 1", Instant.now()));
            }
            return all;
        }

        @Override
        public Optional<List<TableWrites>> tableWrites(Statements sql, Collection<String> schemas) {
            return tables.isEmpty() ? Optional.empty() : Optional.of(tables.remove(0));
        }

        @Override
        public OptionalLong writeCounter(Statements sql, Collection<String> schemas) {
            return counters.isEmpty() ? OptionalLong.empty() : OptionalLong.of(counters.remove(0));
        }

        @Override
        public String terminateCommand(SessionActivity session) {
            return "END " + session.id();
        }
    }

    /** A pooler between lockdoctor and the database, as a test describes it. */
    private record Pooler(boolean partialView, boolean readsClients, List<SessionActivity> clients,
            Map<String, String> poolerSessions) implements ClientView {
        @Override
        public String description() {
            return "connected through pgbouncer";
        }

        @Override
        public boolean transactionPooling() {
            return false;
        }

        @Override
        public String settleBy() {
            return "give the pooler's console address";
        }

        @Override
        public List<SessionActivity> clients(Statements sql) {
            return clients;
        }

        @Override
        public String terminateCommand(SessionActivity client) {
            return "KILL CLIENT " + client.id();
        }

        @Override
        public Map<String, String> poolerSessions(Statements sql) {
            return poolerSessions;
        }

        @Override
        public boolean owns(SessionActivity session) {
            return clients.contains(session);
        }

        @Override
        public void close() {
        }
    }

    private final ScriptedObserver observer = new ScriptedObserver();
    private final LockedH2History db = new LockedH2History();
    private final List<Duration> progress = new ArrayList<>();
    /** Told after each sample whether it was the window's last. */
    private Consumer<Boolean> atLastSample = last -> { };
    private DatabaseSession session;
    private DatabaseSession probe;
    private MigrationTable table;

    @BeforeEach
    void aLockedHistory() {
        // Opened first and closed last: it keeps the in-memory database alive for the test.
        session = db.open(observer);
        db.create(session);
        table = db.table(session);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private WindowResult observe(ObserveOptions options, ClientView view) {
        Supplier<DatabaseSession> probeOpener = () -> {
            probe = db.open(observer);
            observer.probeId = observer.sessionId(probe.sql());
            return probe;
        };
        WindowProgress recorded = (elapsed, total) -> {
            progress.add(elapsed);
            atLastSample.accept(elapsed.compareTo(total) >= 0);
        };
        EvidenceCollector collector = new EvidenceCollector();
        return view == null
                ? collector.observe(session, probeOpener, List.of(table), List.of("PUBLIC"), options, recorded)
                : collector.observe(session, probeOpener, List.of(table), List.of("PUBLIC"), options, recorded, view);
    }

    private WindowResult observe() {
        return observe(OPTIONS, null);
    }

    private static SessionActivity idle(String id, String statement, Instant since) {
        return new SessionActivity(id, "smile", "10.0.0.5", "smile-cdr", since.minusSeconds(60), null, false, false,
                false, true, statement, List.of(), since);
    }

    private static SessionActivity running(String id, String statement) {
        Instant now = Instant.now();
        return new SessionActivity(id, "smile", "10.0.0.5", "smile-cdr", now.minusSeconds(60), now, true, true,
                false, true, statement, List.of(), now);
    }

    private List<String> changes(WindowResult window) {
        return window.historyChanges().getOrDefault(table.location(), List.of());
    }

    @Test
    void aProbeSeenInTheListProvesItCompleteAndLockdoctorsOwnSessionsAreLeftOut() throws SQLException {
        WindowResult window = observe();

        assertThat(window.observability().observable()).isTrue();
        assertThat(window.observability().detail())
                .isEqualTo("privilege held; a probe session (id " + observer.probeId + ") was seen");
        // Sampled about every 250 ms until the window's end, and no faster.
        assertThat(window.samples()).isBetween(2, 5);
        assertThat(window.observed()).isGreaterThanOrEqualTo(WINDOW).isLessThan(WINDOW.plusSeconds(10));
        assertThat(progress).hasSize(window.samples()).last().isEqualTo(window.observed());
        assertThat(window.sessions()).isEmpty();
        assertThat(window.historyChanges()).isEmpty();
        assertThat(window.locksAtEnd().get(table.location()).description()).isEqualTo(LockedH2History.LOCK_UUID);
        assertThat(window.writes()).isEqualTo(WriteEvidence.none());
        assertThat(probe.connection().isClosed()).as("the probe is closed after the window").isTrue();
    }

    @Test
    void aProbeMissingFromTheListMeansNotObservable() {
        observer.probeShown = false;
        observer.others = List.of(idle("8", "SELECT 1", Instant.now()));

        WindowResult window = observe();

        assertThat(window.observability().observable()).isFalse();
        assertThat(window.observability().detail()).startsWith("a second lockdoctor session (id " + observer.probeId
                + ") did not show in the session list");
        assertThat(window.observability().settleBy())
                .isEqualTo(new Advice.InWords("connect directly to the database server, not through a pooler or proxy"));
    }

    @Test
    void aViewTheDatabaseDeniesOpensNoProbeAndStaysNotObservable() {
        observer.claimed = Observability.not("no privilege to read other sessions", "GRANT pg_read_all_stats");

        WindowResult window = observe();

        assertThat(probe).isNull();
        assertThat(window.observability()).isEqualTo(observer.claimed);
        assertThat(window.samples()).isPositive();
    }

    @Test
    void withoutAWindowOnlyTheLockIsReadAndNothingIsProven() {
        WindowResult skipped = observe(new ObserveOptions(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5)), null);

        assertThat(skipped.samples()).isZero();
        assertThat(skipped.observed()).isZero();
        assertThat(skipped.observability()).isEqualTo(Observability.not("not checked: observe 0s skips the observe "
                + "window", new Advice.ObserveLonger(ObserveOptions.DEFAULT_OBSERVE)));
        assertThat(skipped.locksAtEnd().get(table.location()).description()).isEqualTo(LockedH2History.LOCK_UUID);
        assertThat(observer.samples).isZero();

        DatabaseSession sighted = session;
        session = db.open(null);
        sighted.close();
        WindowResult blind = observe();
        assertThat(blind.samples()).isZero();
        assertThat(blind.observability().observable()).isFalse();
        assertThat(blind.observability().detail()).isEqualTo("lockdoctor cannot list sessions on H2");
        assertThat(blind.observability().settleBy()).isEqualTo(new Advice.CheckByHand(false));
        assertThat(blind.locksAtEnd()).containsKey(table.location());
    }

    @Test
    void aTaskRowCommittedDuringTheWindowIsAChangeAndNoRetrierIsMerelyWaiting() {
        observer.others = List.of(running("7", "INSERT INTO FLY_HFJ_MIGRATION VALUES (-100, 'x')"));
        observer.onSample = n -> {
            if (n == 2) {
                db.insertTaskRow(5);
            }
        };

        WindowResult window = observe();

        assertThat(changes(window)).containsExactly("highest installed_rank 4 -> 5");
        assertThat(window.sessions()).singleElement().satisfies(f -> assertThat(f.effect()).isEqualTo(Effect.ACTIVE));
    }

    @Test
    void withTheLockAndHistoryAsTheyWereALockInsertRetrierIsAWaiter() {
        observer.others = List.of(running("7", "INSERT INTO FLY_HFJ_MIGRATION VALUES (-100, 'x')"));
        List<Instant> starts = new ArrayList<>();
        observer.onSample = n -> {
            Instant start = Instant.now();
            starts.add(start);
            observer.others = List.of(new SessionActivity("7", "smile", "10.0.0.5", "smile-cdr", start.minusSeconds(60),
                    start, true, true, false, true, "INSERT INTO FLY_HFJ_MIGRATION VALUES (-100, 'x')", List.of(), start));
        };

        WindowResult window = observe();

        assertThat(window.historyChanges()).isEmpty();
        assertThat(window.sessions()).singleElement().satisfies(f -> assertThat(f.effect()).isEqualTo(Effect.LOCK_WAITER));
    }

    @Test
    void aLockRowReleasedDuringTheWindowLeavesNoLockAndNoWaiter() {
        observer.onSample = n -> {
            Instant start = Instant.now();
            observer.others = List.of(new SessionActivity("7", "smile", "10.0.0.5", "smile-cdr", start.minusSeconds(60),
                    start, true, true, false, true, "INSERT INTO FLY_HFJ_MIGRATION VALUES (-100, 'x')", List.of(), start));
            if (n == 2) {
                db.execute("DELETE FROM FLY_HFJ_MIGRATION WHERE \"installed_rank\" = -100");
            }
        };

        WindowResult window = observe();

        assertThat(window.locksAtEnd()).doesNotContainKey(table.location());
        assertThat(window.sessions()).singleElement().satisfies(f -> assertThat(f.effect()).isEqualTo(Effect.ACTIVE));
    }

    @Test
    void aRowChangedInPlaceIsSeenByTheFingerprintAtTheEnd() {
        observer.onSample = n -> {
            if (n == 1) {
                db.execute("UPDATE FLY_HFJ_MIGRATION SET \"success\" = TRUE WHERE \"installed_rank\" = 3");
            }
        };

        assertThat(changes(observe())).containsExactly("existing rows changed (execution_time or success)");
    }

    @Test
    void aTableDroppedDuringTheWindowIsAChangeOfThatTableNotAFailure() {
        observer.onSample = n -> {
            if (n == 2) {
                db.execute("DROP TABLE FLY_HFJ_MIGRATION");
            }
        };

        WindowResult window = observe();

        assertThat(changes(window)).singleElement().asString().startsWith("the table could no longer be read (");
        // The lock seen at the start stays: a change decides the verdict, never a lock "released".
        assertThat(window.locksAtEnd().get(table.location()).description()).isEqualTo(LockedH2History.LOCK_UUID);
    }

    @Test
    void statementsHiddenFromThisAccountMakeSessionsNotObservable() {
        Instant now = Instant.now();
        observer.others = List.of(new SessionActivity("8", "smile", "10.0.0.5", "smile-cdr", now, null, false, false,
                false, false, null, List.of(), now));

        WindowResult window = observe();

        assertThat(window.observability().observable()).isFalse();
        assertThat(window.observability().detail()).isEqualTo(window.samples() + " session samples hid their "
                + "statement from this account (<insufficient privilege>, or on PostgreSQL a session with "
                + "track_activities off)");
    }

    @Test
    void theWriteCountersAreComparedAcrossTheWindow() {
        observer.counters.addAll(List.of(100L, 112L));

        WindowResult window = observe();

        assertThat(window.writes().rise()).hasValue(12);
        assertThat(window.writes().unexplained()).isEqualTo(12);
    }

    @Test
    void aPoolerWhoseClientsAreReadAddsThemToTheSessionsAndProvesTheView() {
        SessionActivity client = running("c1", "ALTER TABLE HFJ_RESOURCE ADD COLUMN X INT");
        WindowResult window = observe(OPTIONS, new Pooler(true, true, List.of(client), Map.of()));

        assertThat(window.observability().observable()).isTrue();
        assertThat(window.observability().detail()).startsWith("privilege held; connected through pgbouncer; a probe");
        assertThat(window.sessions()).singleElement().satisfies(f -> {
            assertThat(f.effect()).isEqualTo(Effect.ACTIVE);
            assertThat(f.terminateCommand()).isEqualTo("KILL CLIENT c1");
        });
    }

    @Test
    void aPoolerWhoseClientsAreNotReadIsAnIncompleteView() {
        WindowResult window = observe(OPTIONS, new Pooler(true, false, List.of(), Map.of()));

        assertThat(probe).isNull();
        assertThat(window.observability()).isEqualTo(Observability.not("connected through pgbouncer; a client paused "
                + "behind it may hold no session on the database, so the session list is incomplete",
                "give the pooler's console address"));
    }

    @Test
    void aPoolersOwnSessionIsNamedAndLeavesTheViewUnproven() {
        observer.others = List.of(idle("p1", "SELECT 1", Instant.now()), idle("p2", "SELECT 1", Instant.now()));

        WindowResult window = observe(OPTIONS, new Pooler(false, false, List.of(), Map.of("p1", "pgbouncer 1.21")));

        assertThat(window.observability().observable()).isFalse();
        assertThat(window.observability().detail()).startsWith("sessions p1 are a connection pooler's");
        assertThat(window.observability().settleBy()).isEqualTo(new Advice.ReadPoolerClients());
        assertThat(window.sessions()).extracting(SessionFinding::why).satisfiesExactlyInAnyOrder(
                why -> assertThat(why).endsWith("; its client is a connection pooler (pgbouncer 1.21)"),
                why -> assertThat(why).doesNotContain("pooler"));
        assertThat(window.sessions()).extracting(f -> f.session().id()).containsExactlyInAnyOrder("p1", "p2");
    }

    @Test
    void aPoolerThatHidesNothingLeavesTheObserversClaim() {
        WindowResult window = observe(OPTIONS, new Pooler(false, false, List.of(), Map.of()));

        assertThat(window.observability().detail())
                .isEqualTo("privilege held; a probe session (id " + observer.probeId + ") was seen");
    }

    @Test
    void aTableDroppedAndRecreatedDuringTheWindowIsStillAChange() {
        observer.onSample = n -> {
            if (n == 1) {
                db.execute("ALTER TABLE FLY_HFJ_MIGRATION RENAME TO FLY_HFJ_MIGRATION_AWAY");
            } else if (n == 2) {
                db.execute("ALTER TABLE FLY_HFJ_MIGRATION_AWAY RENAME TO FLY_HFJ_MIGRATION");
            }
        };

        assertThat(changes(observe())).singleElement().asString().startsWith("the table could no longer be read (");
    }

    @Test
    void aTableDroppedAfterTheLastSampleIsAChangeSeenAtTheEnd() {
        atLastSample = last -> {
            if (last) {
                db.execute("DROP TABLE FLY_HFJ_MIGRATION");
            }
        };

        assertThat(changes(observe())).singleElement().asString().startsWith("the table could no longer be read (");
    }

    @Test
    void failedLockInsertsOfAWaiterAreExplainedOnlyWhileTheLockAndHistoryStayAsTheyWere() {
        TableWrites before = new TableWrites("PUBLIC", "FLY_HFJ_MIGRATION", 5, 0, 0);
        TableWrites after = new TableWrites("PUBLIC", "FLY_HFJ_MIGRATION", 8, 0, 0);
        observer.tables.addAll(List.of(List.of(before), List.of(after)));
        observer.onSample = n -> {
            Instant start = Instant.now();
            observer.others = List.of(new SessionActivity("7", "smile", "10.0.0.5", "smile-cdr", start.minusSeconds(60),
                    start, true, true, false, true, "INSERT INTO FLY_HFJ_MIGRATION VALUES (-100, 'x')", List.of(), start));
        };

        WriteEvidence writes = observe().writes();

        assertThat(writes.rise()).hasValue(3);
        assertThat(writes.unexplained()).isZero();
    }

    @Test
    void sessionsOfOtherDatabasesOnTheServerAreNoEvidence() {
        observer.elsewhere = List.of(running("9", "ALTER TABLE OTHER_APP ADD COLUMN X INT"));

        WindowResult window = observe();

        assertThat(window.observability().observable()).isTrue();
        assertThat(window.sessions()).isEmpty();
        // Without a namespace every session of the server is listed, lockdoctor's own left out.
        observer.probeShown = false;
        assertThat(SessionSampler.on(session).orElseThrow().others(List.of())).extracting(SessionActivity::id)
                .containsExactly("9");
    }

    @Test
    void anInterruptedWindowStopsWithAnErrorAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> EvidenceCollector.sleep(Duration.ofSeconds(5).toNanos()))
                .isInstanceOf(LockDoctorException.class).hasMessage("interrupted during the observe window");
        assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }
}
