package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.SessionFinding.Effect;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.SessionActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each session seen across a window means at its end. */
class WindowSessionsTest {
    private static final Instant START = Instant.parse("2026-11-30T10:00:00Z");
    private static final TableLocation HISTORY =
            new TableLocation(null, "public", "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION);
    private static final String LOCK_INSERT = "INSERT INTO \"FLY_HFJ_MIGRATION\" (\"installed_rank\", \"version\") "
            + "VALUES ($1, $2)";

    private final WindowSessions sessions = new WindowSessions(
            new SessionClassifier(List.of(HISTORY), Duration.ofMinutes(5)),
            List.of(new ClientExclusion("nagios", null, null)));

    private static SessionActivity idle(String id, String user, String host, String app, Instant opened,
            String last, Instant lastAt) {
        return new SessionActivity(id, user, host, app, opened, lastAt, false, false, false, true, last, List.of(),
                lastAt);
    }

    private void sample(int second, SessionActivity... others) {
        Instant now = START.plusSeconds(second);
        sessions.sample(List.of(others), now, START, a -> "END " + a.id());
    }

    private Effect effectOf(List<SessionFinding> findings, String id) {
        return findings.stream().filter(f -> f.session().id().equals(id)).findFirst().orElseThrow().effect();
    }

    @Test
    void anIdleSessionIsConnectedAndItsLastDdlMarksTheMigrator() {
        SessionActivity paused = idle("1", "smile", "10.0.0.5", null, START.minusSeconds(600),
                "CREATE INDEX IDX_A ON HFJ_RESOURCE (A)", START.minusSeconds(30));
        sample(0, paused);
        sample(1, paused);

        SessionFinding f = sessions.findings(true).get(0);
        assertThat(f.effect()).isEqualTo(Effect.CONNECTED);
        assertThat(f.migratorConnection()).isTrue();
        assertThat(f.why()).contains("idle for").contains("most likely a connection of the migrator");
        assertThat(f.terminateCommand()).isEqualTo("END 1");
    }

    @Test
    void recurringLockInsertsMakeAWaiterWithThePoolItOpenedAndNothingElse() {
        Instant opened = START.minusSeconds(20);
        SessionActivity sibling = idle("2", "smile", "10.0.0.6:5001", "node-b", opened.plusMillis(300), "SELECT 1",
                opened);
        SessionActivity stranger = idle("3", "smile", "10.0.0.6:5002", "node-b", opened.plusSeconds(14), null,
                null);
        for (int s = 0; s < 3; s++) {
            sample(s, idle("1", "smile", "10.0.0.6:5000", "node-b", opened, LOCK_INSERT, START.plusSeconds(s)), sibling,
                    stranger);
        }

        List<SessionFinding> findings = sessions.findings(true);
        assertThat(effectOf(findings, "1")).isEqualTo(Effect.LOCK_WAITER);
        assertThat(findings.get(0).lockAttempts()).isEqualTo(3);
        assertThat(effectOf(findings, "2")).isEqualTo(Effect.LOCK_WAITER);
        // Opened 14 s after the waiter: not part of its pool's burst.
        assertThat(effectOf(findings, "3")).isEqualTo(Effect.CONNECTED);
    }

    @Test
    void lockInsertsWhileTheHistoryChangedMakeNoWaiter() {
        for (int s = 0; s < 3; s++) {
            sample(s, idle("1", "smile", "h", "a", START.minusSeconds(5), LOCK_INSERT, START.plusSeconds(s)));
        }
        SessionFinding f = sessions.findings(false).get(0);
        assertThat(f.effect()).isEqualTo(Effect.CONNECTED);
        assertThat(f.migratorConnection()).isTrue();
    }

    @Test
    void aSingleLockInsertIsNoWaiter() {
        SessionActivity once = idle("1", "smile", "h", "a", START.minusSeconds(5), LOCK_INSERT, START.minusSeconds(1));
        sample(0, once);
        sample(1, once);
        assertThat(sessions.findings(true).get(0).effect()).isEqualTo(Effect.CONNECTED);
    }

    @Test
    void anExcludedClientIsExcludedUnlessItWroteDuringTheWindow() {
        SessionActivity quiet = idle("1", "nagios", "h", null, START.minusSeconds(90), "SELECT 1", START.minusSeconds(9));
        SessionActivity writer = idle("2", "nagios", "h", null, START.minusSeconds(90),
                "UPDATE monitor_state SET seen = now()", START.plusSeconds(1));
        sample(0, quiet);
        sample(2, quiet, writer);

        List<SessionFinding> findings = sessions.findings(true);
        assertThat(effectOf(findings, "1")).isEqualTo(Effect.EXCLUDED);
        assertThat(effectOf(findings, "2")).isEqualTo(Effect.BLOCKING);
    }

    @Test
    void aWriterIdleSinceBeforeTheWindowIsKnownForLateCounters() {
        SessionActivity early = idle("1", "app", "h", null, START.minusSeconds(90), "INSERT INTO t VALUES (1)",
                START.minusSeconds(8));
        sample(0, early);
        sample(1, early);
        assertThat(sessions.idleWritersBefore(START)).extracting(SessionActivity::id).containsExactly("1");
    }

    @Test
    void aRunningLockInsertWithItsOwnRowLockIsJudgedAcrossTheWindowNotAtOneSample() {
        RelationLock own = new RelationLock("public", "FLY_HFJ_MIGRATION", "RowExclusiveLock", true);
        SessionActivity inserting = new SessionActivity("1", "smile", "h", "a", START.minusSeconds(5),
                START.plusSeconds(1), true, true, false, true, LOCK_INSERT, List.of(own), START.plusSeconds(1));
        sample(1, inserting);

        SessionFinding once = sessions.findings(true).get(0);
        assertThat(once.effect()).as("one INSERT caught running: a migrator's row as likely as a waiter's")
                .isEqualTo(Effect.ACTIVE);
    }

    @Test
    void aWaiterCaughtMidInsertIsStillAWaiter() {
        RelationLock own = new RelationLock("public", "FLY_HFJ_MIGRATION", "RowExclusiveLock", true);
        for (int s = 0; s < 3; s++) {
            boolean running = s == 1;
            sample(s, new SessionActivity("1", "smile", "h", "a", START.minusSeconds(5), START.plusSeconds(s), running,
                    running, false, true, LOCK_INSERT, running ? List.of(own) : List.of(), START.plusSeconds(s)));
        }
        assertThat(sessions.findings(true).get(0).effect()).isEqualTo(Effect.LOCK_WAITER);
    }
}
