package io.lockdoctor.core;

import static io.lockdoctor.core.EvidenceBuilder.NOW;
import static io.lockdoctor.core.EvidenceBuilder.OTHER_UUID;
import static io.lockdoctor.core.EvidenceBuilder.UUID;
import static io.lockdoctor.core.EvidenceBuilder.lock;
import static io.lockdoctor.core.EvidenceBuilder.stale;
import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.Evidence;
import io.lockdoctor.core.model.EvidenceKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of docs/evidence.md and its boundaries, one changed fact per case, starting from the one
 * combination that is STALE ({@link EvidenceBuilder#stale()}).
 */
class VerdictRulesTest {
    /** The day of {@link EvidenceBuilder#NOW}: a lock dated today has no positive age from the database. */
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    private static Arguments row(String name, UnaryOperator<EvidenceBuilder> change, Verdict verdict, String reason,
            Advice settleBy) {
        return Arguments.of(Named.of(name, change), verdict, reason, settleBy);
    }

    static Stream<Arguments> rules() {
        Duration tenMinutes = Duration.ofMinutes(10);
        // Dated Nov 26: in an unknown zone taken no later than Nov 27 12:00 UTC.
        Instant nov26Bound = Instant.parse("2026-11-27T12:00:00Z");
        return Stream.of(
                row("baseline: everything holds", b -> b, Verdict.STALE, "the migrator that took it is gone", null),

                // NO_LOCK
                row("lock released during the window", EvidenceBuilder::lockGoneAtEnd, Verdict.NO_LOCK,
                        "was released during the observe window", null),
                row("lock released while an ACTIVE session was seen", b -> b.lockGoneAtEnd()
                        .active("77", "running DDL: CREATE INDEX X"), Verdict.NO_LOCK, "released", null),

                // ACTIVE
                row("lock replaced by another", b -> b.lockAtEnd(lock(OTHER_UUID, TODAY)), Verdict.ACTIVE,
                        "The lock changed from " + UUID + " to " + OTHER_UUID, null),
                row("an ACTIVE session", b -> b.active("77", "running DDL: CREATE TABLE T AS SELECT 1"),
                        Verdict.ACTIVE, "session 77 (hapi@10.0.0.7, smile-cdr) is running DDL: CREATE TABLE T AS", null),
                row("history progress", b -> b.historyChange("1 rows added (4 -> 5)"), Verdict.ACTIVE,
                        "The history table changed during the observe window (1 rows added (4 -> 5))", null),

                // UNCERTAIN, one reason at a time, each with what would settle it
                row("unverified dialect", b -> b.unverified("SQL Server"), Verdict.UNCERTAIN,
                        "not been verified against a real SQL Server server", new Advice.CheckByHand(true)),
                row("--observe 0s", b -> b.window(Duration.ZERO).noWriteCounters(), Verdict.UNCERTAIN,
                        "no observe window was run (observe 0s)", new Advice.ObserveLonger(Duration.ofSeconds(10))),
                row("window of 999 ms", b -> b.window(Duration.ofMillis(999)), Verdict.UNCERTAIN,
                        "the observe window lasted 999ms, less than the 1s", new Advice.ObserveLonger(Duration.ofSeconds(10))),
                row("sessions not observable", EvidenceBuilder::notObservable, Verdict.UNCERTAIN,
                        "other sessions are not observable (the account app is neither superuser",
                        new Advice.InWords("use an account with pg_read_all_stats (GRANT pg_read_all_stats TO app) or a "
                                + "superuser")),
                row("a blocking session", b -> b.blocking("88", "writing: INSERT INTO HFJ_RESOURCE"), Verdict.UNCERTAIN,
                        "session 88 (hapi@10.0.0.7, smile-cdr) was writing: INSERT INTO HFJ_RESOURCE",
                        new Advice.StopServers(false)),
                row("two blocking sessions", b -> b.blocking("88", "writing: INSERT INTO HFJ_RESOURCE")
                        .blocking("89", "locking HFJ_RES_VER"), Verdict.UNCERTAIN, "and 1 more", new Advice.StopServers(false)),
                row("writes counted", b -> b.writes(1), Verdict.UNCERTAIN,
                        "the write counters of this database's tables rose by 1 during the window", new Advice.StopServers(true)),
                row("lock dated today, default --min-age", b -> b.lockDated(TODAY), Verdict.UNCERTAIN,
                        "only known to be at least 0s old, less than minAge 10m", new Advice.GiveLog()),
                row("age one second below --min-age", b -> b.lockDated(TODAY.minusDays(1))
                        .now(nov26Bound.plus(tenMinutes).minusSeconds(1)), Verdict.UNCERTAIN,
                        "at least 9m59s old, less than minAge 10m", new Advice.WaitUntil(nov26Bound.plus(tenMinutes))),

                // Boundaries that are STALE
                row("window of exactly 1 s", b -> b.window(Duration.ofSeconds(1)), Verdict.STALE, "during a 1s window",
                        null),
                row("age exactly --min-age", b -> b.lockDated(TODAY.minusDays(1)).now(nov26Bound.plus(tenMinutes)),
                        Verdict.STALE, "at least 10m old", null),
                row("--min-age 0s with a lock dated today", b -> b.lockDated(TODAY).minAge(Duration.ZERO),
                        Verdict.STALE, "at least 0s old", null),
                row("no write counters kept (e.g. a dialect without them)", EvidenceBuilder::noWriteCounters,
                        Verdict.STALE, "gone", null),
                row("log notes alone change nothing", b -> b.logNote("HAPI-2153 names this lock 3 times"),
                        Verdict.STALE, "gone", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void judges(UnaryOperator<EvidenceBuilder> change, Verdict verdict, String reason, Advice settleBy) {
        Assessment assessment = change.apply(stale()).assess();

        assertThat(assessment.verdict()).isEqualTo(verdict);
        assertThat(assessment.reason()).containsIgnoringCase(reason).endsWith(".");
        assertThat(Character.isLowerCase(assessment.reason().charAt(0))).as("one sentence: %s", assessment.reason()).isFalse();
        if (verdict == Verdict.UNCERTAIN) {
            assertThat(assessment.settleBy()).as("what would settle it").isNotEmpty()
                    .contains(settleBy);
        } else {
            assertThat(assessment.settleBy()).isEmpty();
        }
        assertThat(assessment.evidence()).extracting(Evidence::kind)
                .contains(EvidenceKind.LOCK_ROW, EvidenceKind.LOCK_AGE, EvidenceKind.OBSERVE_WINDOW,
                        EvidenceKind.SESSIONS_OBSERVABLE);
    }

    /** Every UNCERTAIN reason, to combine with every ACTIVE cause and with a vanished lock. */
    static List<Named<UnaryOperator<EvidenceBuilder>>> uncertainReasons() {
        return List.of(
                Named.of("unverified dialect", b -> b.unverified("Oracle")),
                Named.of("--observe 0s", b -> b.window(Duration.ZERO)),
                Named.of("window under 1 s", b -> b.window(Duration.ofMillis(500))),
                Named.of("not observable", EvidenceBuilder::notObservable),
                Named.of("blocking session", b -> b.blocking("88", "holding uncommitted writes")),
                Named.of("writes", b -> b.writes(500)),
                Named.of("too young", b -> b.lockDated(TODAY)),
                Named.of("all of them", b -> b.unverified("Oracle").window(Duration.ofMillis(500)).notObservable()
                        .blocking("88", "holding uncommitted writes").writes(500).lockDated(TODAY)));
    }

    static Stream<Arguments> activeBeatsUncertain() {
        List<Named<UnaryOperator<EvidenceBuilder>>> active = List.of(
                Named.of("changed lock", b -> b.lockAtEnd(lock(OTHER_UUID, TODAY))),
                Named.of("ACTIVE session", b -> b.active("77", "locking the history table public.FLY_HFJ_MIGRATION")),
                Named.of("history progress", b -> b.historyChange("highest installed_rank 4 -> 5")));
        return active.stream().flatMap(a -> uncertainReasons().stream().map(u -> Arguments.of(a, u)));
    }

    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("activeBeatsUncertain")
    void activeBeatsEveryUncertainReason(UnaryOperator<EvidenceBuilder> active, UnaryOperator<EvidenceBuilder> uncertain) {
        Assessment assessment = active.apply(uncertain.apply(stale())).assess();

        assertThat(assessment.verdict()).isEqualTo(Verdict.ACTIVE);
        assertThat(assessment.settleBy()).isEmpty();
    }

    static Stream<Arguments> neverStaleWithoutAWindow() {
        return Stream.of(Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(999)).flatMap(window -> Stream.of(
                Arguments.of(window, Duration.ZERO), Arguments.of(window, Duration.ofMinutes(10))));
    }

    /** --observe 0s (or any window under 1 s) caps a lock at UNCERTAIN however old and however quiet. */
    @ParameterizedTest(name = "window {0}, --min-age {1}")
    @MethodSource("neverStaleWithoutAWindow")
    void neverStaleWithoutACompletedWindowOfOneSecond(Duration window, Duration minAge) {
        Assessment assessment = stale().window(window).minAge(minAge).lockDated(LocalDate.of(2020, 1, 1))
                .logAcquiredAt(Instant.parse("2020-01-01T08:00:00Z")).assess();

        assertThat(assessment.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(assessment.reason()).containsAnyOf("No observe window", "less than the 1s");
    }

    @Test
    void observeZeroSaysNoWindowRanAndHowToRunOne() {
        Assessment assessment = stale().window(Duration.ZERO).noWriteCounters().assess();

        assertThat(assessment.reason()).startsWith("No observe window was run (observe 0s)");
        assertThat(assessment.settleBy()).contains(new Advice.ObserveLonger(Duration.ofSeconds(10)));
        assertThat(assessment.evidence()).filteredOn(e -> e.kind() == EvidenceKind.OBSERVE_WINDOW).singleElement()
                .satisfies(e -> assertThat(e.observed()).isEqualTo("0s, 0 samples"));
    }

    @Test
    void aWindowCutShortIsNotAProof() {
        // Asked for 10 s, sampled for 2 s: whatever stopped it, the window did not complete.
        Assessment cut = stale().observed(Duration.ofSeconds(10), Duration.ofSeconds(2), 9).assess();

        assertThat(cut.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(cut.reason()).contains("did not complete");
    }

    @Test
    void aWindowWithoutSamplesIsNotAProof() {
        Assessment none = stale().observed(Duration.ofSeconds(2), Duration.ofSeconds(2), 0).assess();

        assertThat(none.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(none.reason()).contains("No session sample");
    }

    @Test
    void listsEveryReasonAndEverySettlingStepOnce() {
        Assessment assessment = stale().notObservable().blocking("88", "holding uncommitted writes").writes(3)
                .lockDated(TODAY).assess();

        assertThat(assessment.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(assessment.reason()).startsWith("Other sessions are not observable")
                .contains("; also other sessions used tables", "; the write counters of this database's tables rose by 3", "; the lock is only known");
        assertThat(assessment.settleBy()).doesNotHaveDuplicates()
                .contains(new Advice.InWords("use an account with pg_read_all_stats (GRANT pg_read_all_stats TO app) or a "
                        + "superuser"))
                .filteredOn(s -> s instanceof Advice.StopServers).hasSize(1);
    }

    @Test
    void youngLockSaysWhenItWillBeOldEnoughAndWhatElseWouldSettleIt() {
        // Dated today (Nov 27) in an unknown zone: taken no later than Nov 28 12:00 UTC.
        Assessment assessment = stale().lockDated(TODAY).assess();

        assertThat(assessment.settleBy()).containsExactly(
                new Advice.WaitUntil(Instant.parse("2026-11-28T12:10:00Z")),
                new Advice.GiveLog(),
                new Advice.GiveWriterZone(),
                new Advice.DropMinimumAge());
    }

    @Test
    void ageBoundFromADateInAnUnknownZoneIsTheNextDayNoonUtc() {
        LocalDate nov26 = TODAY.minusDays(1);
        Instant bound = Instant.parse("2026-11-27T12:00:00Z");

        LockEvidence justOldEnough = stale().lockDated(nov26).now(bound.plus(Duration.ofMinutes(10))).build();
        assertThat(justOldEnough.age().databaseBound().takenNoLaterThan()).isEqualTo(bound);
        assertThat(justOldEnough.age().databaseBound().source()).isEqualTo(AgeBound.Source.INSTALLED_ON_DAY);
        assertThat(justOldEnough.age().atLeast()).isEqualTo(Duration.ofMinutes(10));

        // At 10:00 UTC on Nov 27 the lock of Nov 26 may be minutes old (written at 23:59 in UTC-12).
        Assessment early = stale().lockDated(nov26).now(NOW).assess();
        assertThat(early.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(early.reason()).contains("at least 0s old");
    }

    @Test
    void writerZoneNarrowsTheBoundSoALockCanBeOldEnoughSooner() {
        // Nov 27 in Tokyo ended at Nov 27 15:00 UTC; ten minutes later the lock is at least 10 minutes old.
        Instant at = Instant.parse("2026-11-27T15:10:00Z");

        Assessment unknownZone = stale().lockDated(TODAY).now(at).assess();
        Assessment tokyo = stale().lockDated(TODAY).now(at).writerZone("Asia/Tokyo").assess();

        assertThat(unknownZone.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(unknownZone.settleBy()).contains(new Advice.GiveWriterZone());
        assertThat(tokyo.verdict()).isEqualTo(Verdict.STALE);
        assertThat(tokyo.reason()).contains("at least 10m old");
        LockEvidence evidence = stale().lockDated(TODAY).now(at).writerZone("Asia/Tokyo").build();
        assertThat(evidence.age().databaseBound().source()).isEqualTo(AgeBound.Source.INSTALLED_ON_DAY_WRITER_ZONE);
        assertThat(evidence.age().databaseBound().takenNoLaterThan()).isEqualTo(Instant.parse("2026-11-27T15:00:00Z"));

        Instant oneSecondEarlier = at.minusSeconds(1);
        assertThat(stale().lockDated(TODAY).now(oneSecondEarlier).writerZone("Asia/Tokyo").assess().verdict())
                .isEqualTo(Verdict.UNCERTAIN);
    }

    @Test
    void aLogAcquisitionTimeRaisesTheAgeAboveTheDatabaseBound() {
        // Dated today: no positive bound from the database; the log shows it taken 3 hours ago.
        Instant acquired = NOW.minus(Duration.ofHours(3));
        LockEvidence evidence = stale().lockDated(TODAY).logAcquiredAt(acquired).build();

        assertThat(evidence.age().databaseBound().atLeast()).isZero();
        assertThat(evidence.age().atLeast()).isEqualTo(Duration.ofHours(3));
        Assessment assessment = new VerdictRules().assess(evidence);
        assertThat(assessment.verdict()).isEqualTo(Verdict.STALE);
        assertThat(assessment.reason()).contains("at least 3h old");
        assertThat(assessment.evidence()).filteredOn(e -> e.kind() == EvidenceKind.LOCK_AGE).singleElement()
                .satisfies(e -> {
                    assertThat(e.observed()).isEqualTo("at least 3h");
                    assertThat(e.detail()).contains("the log shows it taken at " + acquired);
                });
    }

    @Test
    void aLogTimeBelowMinAgeStaysUncertainAndSaysWhenItWillNotBe() {
        Instant acquired = NOW.minus(Duration.ofMinutes(4));

        Assessment assessment = stale().lockDated(TODAY).logAcquiredAt(acquired).assess();

        assertThat(assessment.verdict()).isEqualTo(Verdict.UNCERTAIN);
        assertThat(assessment.reason()).contains("at least 4m old, less than minAge 10m");
        assertThat(assessment.settleBy()).contains(new Advice.WaitUntil(acquired.plus(Duration.ofMinutes(10))))
                .doesNotContain(new Advice.GiveLog());
    }

    @Test
    void theLaterOfTheLogAndTheDatabaseBoundIsNeverUsedToShortenTheAge() {
        // The database already proves three days; a (wrong or other) log time of a minute ago does not shorten it.
        LockEvidence evidence = stale().logAcquiredAt(NOW.minusSeconds(60)).build();
        assertThat(evidence.age().atLeast()).isEqualTo(evidence.age().databaseBound().atLeast())
                .isGreaterThan(Duration.ofDays(1));

        // A log time in the future (clock skew) counts as nothing.
        LockEvidence future = stale().lockDated(TODAY).logAcquiredAt(NOW.plusSeconds(600)).build();
        assertThat(future.age().atLeast()).isZero();
        assertThat(new VerdictRules().assess(future).verdict()).isEqualTo(Verdict.UNCERTAIN);
    }

    @Test
    void staleListsTheEvidenceBehindIt() {
        Assessment assessment = stale().assess();

        assertThat(assessment.evidence()).extracting(Evidence::kind).containsExactly(EvidenceKind.LOCK_ROW,
                EvidenceKind.LOCK_AGE, EvidenceKind.OBSERVE_WINDOW, EvidenceKind.SESSIONS_OBSERVABLE,
                EvidenceKind.WRITE_COUNTERS);
        assertThat(assessment.evidence().get(0).observed()).contains("description = " + UUID);
        assertThat(assessment.evidence().get(4).observed()).isEqualTo("+0");
        assertThat(assessment.reason()).startsWith("Nothing touched the lock or any table of this database during a 2s "
                + "window in which every session was visible");
    }

    @Test
    void sessionsAppearAsEvidenceWithTheCommandThatWouldEndThem() {
        Assessment assessment = stale().active("77", "running DDL: CREATE TABLE T AS SELECT 1")
                .blocking("88", "holding uncommitted writes").assess();

        assertThat(assessment.evidence()).filteredOn(e -> e.kind() == EvidenceKind.ACTIVE_SESSION).singleElement()
                .satisfies(e -> {
                    assertThat(e.observed()).isEqualTo("session 77 (hapi@10.0.0.7, smile-cdr)");
                    assertThat(e.detail()).isEqualTo("Running DDL: CREATE TABLE T AS SELECT 1; to end it: "
                            + "SELECT pg_terminate_backend(77);");
                });
        assertThat(assessment.evidence()).filteredOn(e -> e.kind() == EvidenceKind.BLOCKING_SESSION).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("pg_terminate_backend(88)"));
    }

    @Test
    void aVanishedOrReplacedLockIsEvidence() {
        assertThat(stale().lockGoneAtEnd().assess().evidence()).filteredOn(e -> e.kind() == EvidenceKind.LOCK_CHANGED)
                .singleElement().satisfies(e -> assertThat(e.observed()).isEqualTo("gone"));
        assertThat(stale().lockAtEnd(lock(OTHER_UUID, TODAY)).assess().evidence())
                .filteredOn(e -> e.kind() == EvidenceKind.LOCK_CHANGED).singleElement()
                .satisfies(e -> assertThat(e.observed()).isEqualTo("now " + OTHER_UUID));
    }

    @Test
    void aLockWhoseDescriptionIsNoUuidIsNamedByItsDescription() {
        Assessment assessment = stale().lockAtEnd(lock("not-a-uuid", TODAY)).assess();

        assertThat(assessment.verdict()).isEqualTo(Verdict.ACTIVE);
        assertThat(assessment.reason()).contains("to 'not-a-uuid'");
    }

    @Test
    void historyChangesAndUnverifiedDialectsAreListed() {
        Assessment assessment = stale().unverified("Oracle").assess();
        assertThat(assessment.evidence()).extracting(Evidence::kind).contains(EvidenceKind.UNVERIFIED_DIALECT);

        Assessment progress = stale().historyChange("1 rows added (4 -> 5)").assess();
        assertThat(progress.evidence()).filteredOn(e -> e.kind() == EvidenceKind.HISTORY_PROGRESS).singleElement()
                .satisfies(e -> assertThat(e.observed()).isEqualTo("1 rows added (4 -> 5)"));
    }

    @Test
    void eachPieceOfAdviceIsGivenOnceInTheOrderFirstGiven() {
        List<Advice> given = List.of(new Advice.StopServers(false), new Advice.ObserveLonger(Duration.ofSeconds(10)),
                new Advice.StopServers(true), new Advice.ObserveLonger(Duration.ofSeconds(10)), new Advice.GiveLog(),
                new Advice.StopServers(false), new Advice.ObserveLonger(Duration.ofSeconds(30)), new Advice.GiveLog());
        assertThat(VerdictRules.distinct(given)).containsExactly(new Advice.StopServers(false),
                new Advice.ObserveLonger(Duration.ofSeconds(10)), new Advice.StopServers(true), new Advice.GiveLog(),
                new Advice.ObserveLonger(Duration.ofSeconds(30)));
        assertThat(VerdictRules.distinct(List.of())).isEmpty();
    }
}
