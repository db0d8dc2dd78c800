package io.lockdoctor.core;

import static io.lockdoctor.core.EvidenceBuilder.NOW;
import static io.lockdoctor.core.EvidenceBuilder.finding;
import static io.lockdoctor.core.EvidenceBuilder.stale;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.SessionFinding.Effect;
import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.EvidenceKind;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What the verdict says and lists, word for word where an operator acts on it: which sessions
 * count as blocking, how many more there are, the waiters' sentence, the evidence lines.
 */
class VerdictWordingTest {
    private static final VerdictRules RULES = new VerdictRules();

    private static Evidence only(Assessment a, EvidenceKind kind) {
        List<Evidence> found = a.evidence().stream().filter(e -> e.kind() == kind).toList();
        assertThat(found).as(kind.name()).hasSize(1);
        return found.get(0);
    }

    @Test
    void aConnectedClientIsNotCalledASessionThatUsedTables() {
        Assessment a = RULES.assess(stale().session(finding(Effect.CONNECTED, "7", "connected, idle")).build());

        assertThat(a.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(a.reason()).startsWith("1 other client session is connected").doesNotContain("used tables")
                .doesNotContain("; also");
    }

    @Test
    void severalConnectedClientsNameTheMigratorsFirst() {
        SessionFinding plain = finding(Effect.CONNECTED, "7", "connected, idle, last statement: SELECT 1");
        SessionFinding migrator = new SessionFinding(EvidenceBuilder.session("8", "ALTER TABLE HFJ_RESOURCE ADD X INT"),
                Effect.CONNECTED, "connected, idle; most likely a connection of the migrator", NOW, "KILL 8", true, 0);

        Assessment a = RULES.assess(stale().session(plain).session(migrator).build());

        assertThat(a.reason()).startsWith("2 other client sessions are connected to this database (session 8 ")
                .contains("; and 1 more), 1 of them most likely the migrator's:");
        assertThat(a.settleBy()).contains(new Advice.EndOrExcludeClients(List.of("SELECT pg_terminate_backend(7);", "KILL 8"), false));
    }

    @Test
    void oneBlockingSessionIsNamedWithoutAMoreCount() {
        Assessment one = RULES.assess(stale().blocking("7", "writing: INSERT INTO HFJ_RESOURCE").build());
        Assessment two = RULES.assess(stale().blocking("7", "writing: INSERT INTO HFJ_RESOURCE")
                .blocking("8", "locking HFJ_RES_VER").build());

        assertThat(one.reason()).contains("was writing: INSERT INTO HFJ_RESOURCE)").doesNotContain("more");
        assertThat(two.reason()).contains("was writing: INSERT INTO HFJ_RESOURCE, and 1 more)");
    }

    @Test
    void staleWithWaitersSaysTheyWillTakeTheLock() {
        SessionFinding waiter = new SessionFinding(EvidenceBuilder.session("9", "INSERT INTO \"FLY_HFJ_MIGRATION\""),
                Effect.LOCK_WAITER, "retrying HAPI's lock INSERT (3 attempts seen)", NOW, "SELECT pg_terminate_backend(9);",
                false, 3);
        SessionFinding another = new SessionFinding(EvidenceBuilder.session("10", "INSERT INTO \"FLY_HFJ_MIGRATION\""),
                Effect.LOCK_WAITER, "retrying", NOW, "SELECT pg_terminate_backend(10);", false, 2);

        Assessment none = RULES.assess(stale().build());
        Assessment one = RULES.assess(stale().session(waiter).build());
        Assessment two = RULES.assess(stale().session(waiter).session(another).build());
        SessionFinding poolSibling = new SessionFinding(EvidenceBuilder.session("11", "SELECT 1"), Effect.LOCK_WAITER,
                "idle; opened with the waiting session 9", NOW, "SELECT pg_terminate_backend(11);", false, 0);
        Assessment withSibling = RULES.assess(stale().session(waiter).session(poolSibling).build());
        assertThat(withSibling.reason()).as("only sessions that retried count").contains(" 1 session is only waiting");
        assertThat(withSibling.evidence()).filteredOn(e -> e.kind() == EvidenceKind.LOCK_WAITER)
                .extracting(Evidence::observed).noneMatch(o -> o.contains("attempts") && o.contains("session 11"));

        assertThat(none.verdict()).isEqualTo(Verdict.STALE);
        assertThat(none.reason()).doesNotContain("waiting");
        assertThat(one.verdict()).isEqualTo(Verdict.STALE);
        assertThat(one.reason()).endsWith(" 1 session is only waiting for the lock (retrying HAPI's lock INSERT) and "
                + "will take it as soon as it is cleared.");
        assertThat(two.reason()).contains(" 2 sessions are only waiting for the lock");
        assertThat(only(one, EvidenceKind.LOCK_WAITER).observed()).endsWith(", 3 attempts");
        assertThat(only(one, EvidenceKind.LOCK_WAITER).detail()).contains("it does not rule STALE out");
    }

    @Test
    void theLockRowSaysWhetherHapiWroteIt() {
        Assessment hapi = RULES.assess(stale().build());
        Assessment unknown = RULES.assess(stale().lockDescribed("flyway-lock").build());

        assertThat(only(hapi, EvidenceKind.LOCK_ROW).detail()).startsWith("The row HAPI's migrator inserts");
        assertThat(only(unknown, EvidenceKind.LOCK_ROW).detail()).startsWith("A lock row of unknown origin");
    }

    @Test
    void observabilityIsListedAsYesOrNo() {
        assertThat(only(RULES.assess(stale().build()), EvidenceKind.SESSIONS_OBSERVABLE).observed()).isEqualTo("yes");
        assertThat(only(RULES.assess(stale().notObservable().build()), EvidenceKind.SESSIONS_OBSERVABLE).observed())
                .isEqualTo("no");
    }

    @Test
    void writeCounterNotesFollowTheirDescription() {
        Assessment plain = RULES.assess(stale().writes(3).build());
        Assessment noted = RULES.assess(stale().writes(new WriteEvidence(OptionalLong.of(3), 3,
                List.of("3 rows inserted into FLY_HFJ_MIGRATION while its rows stayed as they were."))).build());

        assertThat(only(plain, EvidenceKind.WRITE_COUNTERS).detail()).endsWith("compared across the window.");
        assertThat(only(noted, EvidenceKind.WRITE_COUNTERS).observed()).isEqualTo("+3 (3 explained)");
        assertThat(only(noted, EvidenceKind.WRITE_COUNTERS).detail())
                .endsWith("compared across the window. 3 rows inserted into FLY_HFJ_MIGRATION while its rows stayed as they were.");
        assertThat(noted.verdict()).as(noted.reason()).isEqualTo(Verdict.STALE);
    }

    @Test
    void missingCountersAreListedOnlyWhenSessionsWereSampled() {
        Assessment sampled = RULES.assess(stale().noWriteCounters().build());
        Assessment unsampled = RULES.assess(stale().noWriteCounters()
                .observed(Duration.ofSeconds(2), Duration.ofSeconds(2), 0).build());

        assertThat(only(sampled, EvidenceKind.WRITE_COUNTERS).observed()).isEqualTo("not available");
        assertThat(unsampled.evidence()).noneMatch(e -> e.kind() == EvidenceKind.WRITE_COUNTERS);
    }

    @Test
    void theUnexplainedRiseIsTheRiseLessWhatIsExplained() {
        assertThat(new WriteEvidence(OptionalLong.of(5), 2, List.of()).unexplained()).isEqualTo(3);
        assertThat(WriteEvidence.none().unexplained()).isZero();
        Assessment a = RULES.assess(stale().writes(new WriteEvidence(OptionalLong.of(5), 2, List.of())).build());
        assertThat(a.reason()).contains("rose by 3 beyond the 2 explained");
    }
}
