package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.SessionFinding.Effect;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.spi.SessionActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each session seen during a window means at its end, decided from its samples alone. */
class WindowSessionsEdgeTest {
    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");
    private static final String LOCK_INSERT = "INSERT INTO \"FLY_HFJ_MIGRATION\" (\"installed_rank\") VALUES (-100)";
    private static final SessionClassifier CLASSIFIER = new SessionClassifier(List.of(new TableLocation(null, "public",
            "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION)), Duration.ofMinutes(5));

    private final WindowSessions window = new WindowSessions(CLASSIFIER,
            List.of(new ClientExclusion(null, "monitor", null)));

    private static SessionActivity idle(String id, String application, Instant opened, Instant since, String last) {
        return new SessionActivity(id, "hapi", "10.0.0.7:4711", application, opened, null, false, false, false, true,
                last, List.of(), since);
    }

    private static SessionActivity running(String id, Instant started, String statement) {
        return new SessionActivity(id, "hapi", "10.0.0.7", "hapi", START.minusSeconds(60), started, true, false, false,
                true, statement, List.of(), started);
    }

    private void sample(Instant at, SessionActivity... sessions) {
        window.sample(List.of(sessions), at, START, s -> "KILL " + s.id());
    }

    private SessionFinding only(List<SessionFinding> findings, String id) {
        return findings.stream().filter(f -> f.session().id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void nothingSeenIsNothingFound() {
        assertThat(window.anySeen()).isFalse();
        assertThat(window.findings(true)).isEmpty();
    }

    @Test
    void aSessionRetryingTheLockInsertIsAWaiterOnlyWhileNothingChanged() {
        for (int i = 0; i < 3; i++) {
            Instant at = START.plusSeconds(i);
            sample(at, idle("5", "node-b", START.minusSeconds(30), at, LOCK_INSERT));
        }

        SessionFinding waiting = only(window.findings(true), "5");
        assertThat(window.anySeen()).isTrue();
        assertThat(waiting.effect()).isEqualTo(Effect.LOCK_WAITER);
        assertThat(waiting.lockAttempts()).isEqualTo(3);
        assertThat(waiting.why()).startsWith("retrying HAPI's lock INSERT (3 attempts seen)");
        assertThat(waiting.terminateCommand()).isEqualTo("KILL 5");
        SessionFinding changed = only(window.findings(false), "5");
        assertThat(changed.effect()).as("with the history changed, its INSERTs are a migrator's").isEqualTo(Effect.CONNECTED);
        assertThat(changed.migratorConnection()).isTrue();
        assertThat(changed.why()).contains("most likely a connection of the migrator");
    }

    @Test
    void oneLockInsertIsNoWaiter() {
        sample(START.plusSeconds(1), idle("5", "node-b", START.minusSeconds(30), START.plusSeconds(1), LOCK_INSERT));

        SessionFinding f = only(window.findings(true), "5");
        assertThat(f.effect()).isEqualTo(Effect.CONNECTED);
        assertThat(f.migratorConnection()).as("it touched the history table").isTrue();
    }

    @Test
    void aPlainClientIsNotCalledTheMigrators() {
        sample(START.plusSeconds(1), idle("5", "psql", START.minusSeconds(30), START.minusSeconds(9), "SELECT 1"));

        SessionFinding f = only(window.findings(true), "5");
        assertThat(f.effect()).isEqualTo(Effect.CONNECTED);
        assertThat(f.migratorConnection()).isFalse();
        assertThat(f.why()).isEqualTo("connected, idle for 10s, last statement: SELECT 1");
    }

    @Test
    void attemptsOfASessionThatShowsNoTimesAreCountedBySample() {
        for (int i = 0; i < 2; i++) {
            sample(START.plusSeconds(i), idle("5", "node-b", START.minusSeconds(30), null, LOCK_INSERT));
        }

        SessionFinding f = only(window.findings(true), "5");
        assertThat(f.effect()).isEqualTo(Effect.LOCK_WAITER);
        assertThat(f.lockAttempts()).isEqualTo(2);
    }

    @Test
    void onlyIdlePlumbingOfTheSameClientOpenedWithinFiveSecondsJoinsAWaiter() {
        Instant opened = START.minusSeconds(30);
        for (int i = 0; i < 2; i++) {
            Instant at = START.plusSeconds(i);
            sample(at, idle("5", "node-b", opened, at, LOCK_INSERT),
                    idle("6", "node-b", opened.plusSeconds(5), START.minusSeconds(20), "SELECT 1"),
                    idle("7", "node-b", opened, START.minusSeconds(20), "SELECT * FROM HFJ_RESOURCE"),
                    withHost(idle("8", "node-b", opened, START.minusSeconds(20), "SELECT 1"), "10.0.0.7:5123"),
                    withHost(idle("9", "node-b", opened, START.minusSeconds(20), "SELECT 1"), "10.0.0.8:4711"),
                    withHost(idle("10", "node-b", opened, START.minusSeconds(20), "SELECT 1"), null),
                    withHost(idle("11", "node-b", opened, START.minusSeconds(20), "SELECT 1"), ":4711"));
        }

        List<SessionFinding> findings = window.findings(true);
        assertThat(only(findings, "6").effect()).as("opened exactly 5 s later").isEqualTo(Effect.LOCK_WAITER);
        assertThat(only(findings, "7").effect()).as("it read a table").isEqualTo(Effect.CONNECTED);
        assertThat(only(findings, "8").effect()).as("same host, another port").isEqualTo(Effect.LOCK_WAITER);
        assertThat(only(findings, "9").effect()).as("another host").isEqualTo(Effect.CONNECTED);
        assertThat(only(findings, "10").effect()).as("no host shown").isEqualTo(Effect.CONNECTED);
        assertThat(only(findings, "11").effect()).as("no host before the port").isEqualTo(Effect.CONNECTED);
    }

    /** Without a host before the port, or with none at all, nothing says two sessions come from one node. */
    @Test
    void sessionsThatShowNoHostNeverJoinAWaiterThatShowsNone() {
        Instant opened = START.minusSeconds(30);
        for (String[] hosts : new String[][] {{":4711", ":5123"}, {null, ""}}) {
            WindowSessions fresh = new WindowSessions(CLASSIFIER, List.of());
            for (int i = 0; i < 2; i++) {
                Instant at = START.plusSeconds(i);
                fresh.sample(List.of(withHost(idle("5", "node-b", opened, at, LOCK_INSERT), hosts[0]),
                        withHost(idle("6", "node-b", opened, START.minusSeconds(20), "SELECT 1"), hosts[1])), at, START,
                        a -> "KILL " + a.id());
            }
            List<SessionFinding> findings = fresh.findings(true);
            assertThat(only(findings, "5").effect()).isEqualTo(Effect.LOCK_WAITER);
            assertThat(only(findings, "6").effect()).as(hosts[0] + " / " + hosts[1]).isEqualTo(Effect.CONNECTED);
        }
    }

    private static SessionActivity withHost(SessionActivity s, String host) {
        return new SessionActivity(s.id(), s.user(), host, s.application(), s.sessionStart(), s.statementStart(),
                s.running(), s.inTransaction(), s.uncommittedWrites(), s.statementVisible(), s.statement(), s.locks(),
                s.stateSince());
    }

    @Test
    void lockInsertsCaughtRunningAreAWaiterOnlyWhileNothingChanged() {
        for (int i = 0; i < 2; i++) {
            sample(START.plusSeconds(i), running("6", START.plusSeconds(i), LOCK_INSERT));
        }

        assertThat(only(window.findings(true), "6").effect()).isEqualTo(Effect.LOCK_WAITER);
        SessionFinding changed = only(window.findings(false), "6");
        assertThat(changed.effect()).isEqualTo(Effect.ACTIVE);
        assertThat(changed.why()).contains("INSERT INTO \"FLY_HFJ_MIGRATION\"");
    }

    @Test
    void theIdleConnectionsOfAWaitingNodesPoolWaitWithIt() {
        Instant opened = START.minusSeconds(30);
        for (int i = 0; i < 2; i++) {
            Instant at = START.plusSeconds(i);
            sample(at, idle("5", "node-b", opened, at, LOCK_INSERT),
                    idle("6", "node-b", opened.plusSeconds(2), START.minusSeconds(20), "SELECT 1"),
                    idle("7", "node-b", opened.plusSeconds(60), START.minusSeconds(20), "SELECT 1"),
                    idle("8", "other", opened, START.minusSeconds(20), "SELECT 1"));
        }

        List<SessionFinding> findings = window.findings(true);
        assertThat(only(findings, "6").effect()).isEqualTo(Effect.LOCK_WAITER);
        assertThat(only(findings, "6").why()).contains("opened with the waiting session 5 by the same client");
        assertThat(only(findings, "7").effect()).as("opened a minute later: another pool").isEqualTo(Effect.CONNECTED);
        assertThat(only(findings, "8").effect()).as("another application").isEqualTo(Effect.CONNECTED);
    }

    @Test
    void aSessionThatWroteDuringTheWindowBlocks() {
        sample(START.plusSeconds(1), idle("9", "hapi", START.minusSeconds(60), START.plusMillis(500),
                "UPDATE HFJ_RESOURCE SET RES_VER = 2"));

        SessionFinding f = only(window.findings(true), "9");
        assertThat(f.effect()).isEqualTo(Effect.BLOCKING);
        assertThat(f.why()).isEqualTo("writing during the window: UPDATE HFJ_RESOURCE SET RES_VER = 2");
    }

    @Test
    void aWriteThatEndedBeforeTheWindowIsOnlyAConnection() {
        SessionActivity before = idle("9", "hapi", START.minusSeconds(60), START.minusSeconds(5),
                "UPDATE HFJ_RESOURCE SET RES_VER = 2");
        sample(START.plusSeconds(1), before);
        sample(START.plusSeconds(2), before);

        SessionFinding f = only(window.findings(true), "9");
        assertThat(f.effect()).isEqualTo(Effect.CONNECTED);
        assertThat(f.why()).startsWith("connected, idle for 7s, last statement: UPDATE HFJ_RESOURCE");
        assertThat(window.idleWritersBefore(START)).extracting(SessionActivity::id).containsExactly("9");
        assertThat(window.idleWritersBefore(START.minusSeconds(10))).isEmpty();
    }

    @Test
    void aSessionActiveDuringTheWindowIsNoIdleWriter() {
        sample(START.plusSeconds(1), idle("9", "hapi", START.minusSeconds(60), START.minusSeconds(5), "DELETE FROM T"));
        sample(START.plusSeconds(2), idle("9", "hapi", START.minusSeconds(60), START.plusSeconds(2), "DELETE FROM T"));

        assertThat(window.idleWritersBefore(START)).isEmpty();
    }

    @Test
    void anExcludedClientIsAnAssumptionUnlessItWorks() {
        sample(START.plusSeconds(1), idle("3", "monitor", START.minusSeconds(60), START.minusSeconds(5), "SELECT 1"),
                running("4", START.plusSeconds(1), "CREATE INDEX IDX ON HFJ_RESOURCE (X)"));

        List<SessionFinding> findings = window.findings(true);
        assertThat(only(findings, "3").effect()).isEqualTo(Effect.EXCLUDED);
        assertThat(only(findings, "3").why()).contains("excluded by the operator (excludedClients application=monitor)");
        assertThat(only(findings, "4").effect()).isEqualTo(Effect.ACTIVE);
    }

    @Test
    void anActiveSampleOutweighsALaterBlockingOne() {
        sample(START.plusSeconds(1), running("4", START.plusSeconds(1), "INSERT INTO HFJ_RESOURCE VALUES (1)"));
        sample(START.plusSeconds(2), running("4", START.plusSeconds(2), "ALTER TABLE HFJ_RESOURCE ADD X INT"));
        sample(START.plusSeconds(3), running("4", START.plusSeconds(3), "INSERT INTO HFJ_RESOURCE VALUES (2)"));

        assertThat(only(window.findings(true), "4").effect()).isEqualTo(Effect.ACTIVE);
    }
}
