package io.lockdoctor.core;

import static io.lockdoctor.core.EvidenceBuilder.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.SessionFinding.Effect;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.EvidenceKind;
import io.lockdoctor.core.spi.SessionActivity;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The verdict rules for connected clients, lock waiters, excluded clients and explained writes. */
class ConnectedClientsRulesTest {

    private static SessionFinding finding(String id, Effect effect, boolean migrator, int attempts) {
        SessionActivity idle = new SessionActivity(id, "smile", "10.0.0.8", "smile-cdr", NOW.minusSeconds(3600), null,
                false, false, false, true, "INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES ($1)", List.of(),
                NOW.minusSeconds(40));
        return new SessionFinding(idle, effect, "connected, idle for 40s", NOW, "SELECT pg_terminate_backend(" + id + ");",
                migrator, attempts);
    }

    private static List<String> endCommands(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(id -> "SELECT pg_terminate_backend(" + id + ");").toList();
    }

    @Test
    void aConnectedClientRulesStaleOutAndIsNamedWithItsEndCommand() {
        Assessment a = EvidenceBuilder.stale().session(finding("4711", Effect.CONNECTED, true, 0)).assess();

        assertThat(a.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(a.reason()).contains("1 other client session is connected to this database (session 4711")
                .contains("1 of them most likely the migrator's").contains("paused, frozen or cut off");
        assertThat(a.settleBy()).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(Advice.EndOrExcludeClients.class,
                end -> assertThat(end.terminateCommands()).contains("SELECT pg_terminate_backend(4711);")));
        assertThat(a.evidence()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EvidenceKind.CONNECTED_CLIENT);
            assertThat(e.observed()).contains("session 4711 (smile@10.0.0.8, smile-cdr)");
        });
    }

    @Test
    void oneConnectedClientIsNamedAloneAndManyAreCountedWithAtMostFiveEndCommands() {
        Assessment one = EvidenceBuilder.stale().session(finding("1", Effect.CONNECTED, false, 0)).assess();
        assertThat(one.reason()).contains("(session 1").doesNotContain("more)");
        assertThat(one.settleBy()).contains(new Advice.EndOrExcludeClients(List.of("SELECT pg_terminate_backend(1);"),
                false));

        EvidenceBuilder five = EvidenceBuilder.stale();
        EvidenceBuilder six = EvidenceBuilder.stale();
        for (int id = 1; id <= 6; id++) {
            if (id <= 5) {
                five.session(finding(String.valueOf(id), Effect.CONNECTED, false, 0));
            }
            six.session(finding(String.valueOf(id), Effect.CONNECTED, false, 0));
        }
        Assessment fiveConnected = five.assess();
        assertThat(fiveConnected.reason()).contains("5 other client sessions are connected").contains("; and 4 more)");
        assertThat(fiveConnected.settleBy()).contains(new Advice.EndOrExcludeClients(endCommands(1, 5), false));
        Assessment sixConnected = six.assess();
        assertThat(sixConnected.settleBy()).contains(new Advice.EndOrExcludeClients(endCommands(1, 5), true));
    }

    @Test
    void aLockWaiterAloneDoesNotRuleStaleOutAndIsSaidToWait() {
        Assessment a = EvidenceBuilder.stale().session(finding("4712", Effect.LOCK_WAITER, false, 3)).assess();

        assertThat(a.verdict()).isEqualTo(Verdict.STALE);
        assertThat(a.reason()).contains("1 session is only waiting for the lock");
        assertThat(a.evidence()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EvidenceKind.LOCK_WAITER);
            assertThat(e.observed()).endsWith(", 3 attempts");
            assertThat(e.detail()).contains("not that the holder lives");
        });
    }

    @Test
    void anExcludedClientIsRecordedAsTheOperatorsAssumption() {
        Assessment a = EvidenceBuilder.stale().session(finding("4713", Effect.EXCLUDED, false, 0)).assess();

        assertThat(a.verdict()).isEqualTo(Verdict.STALE);
        assertThat(a.evidence()).anySatisfy(e -> assertThat(e.kind()).isEqualTo(EvidenceKind.OPERATOR_ASSUMPTION));
    }

    @Test
    void aWaiterNextToAConnectedClientIsStillUncertain() {
        Assessment a = EvidenceBuilder.stale().session(finding("1", Effect.LOCK_WAITER, false, 2))
                .session(finding("2", Effect.CONNECTED, false, 0)).assess();

        assertThat(a.verdict()).isEqualTo(Verdict.UNCERTAIN);
    }

    @Test
    void explainedWritesAreNoDoubtAndTheRestIs() {
        WriteEvidence explained = new WriteEvidence(OptionalLong.of(7), 7, List.of("7 rows inserted into "
                + "public.FLY_HFJ_MIGRATION while its rows stayed as they were: failed lock INSERTs."));
        Assessment stale = EvidenceBuilder.stale().session(finding("1", Effect.LOCK_WAITER, false, 7))
                .writes(explained).assess();
        assertThat(stale.verdict()).isEqualTo(Verdict.STALE);
        assertThat(stale.evidence()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(EvidenceKind.WRITE_COUNTERS);
            assertThat(e.observed()).isEqualTo("+7 (7 explained)");
            assertThat(e.detail()).contains("failed lock INSERTs");
        });

        Assessment uncertain = EvidenceBuilder.stale().writes(new WriteEvidence(OptionalLong.of(9), 7, List.of()))
                .assess();
        assertThat(uncertain.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(uncertain.reason()).contains("rose by 2 beyond the 7 explained");
    }
}
