package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.TableLocation;
import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.SessionActivity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classifier's edges: HAPI's lock INSERT recognised, lock counts and statement lengths worded exactly. */
class SessionClassifierEdgeTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final SessionClassifier CLASSIFIER = new SessionClassifier(List.of(new TableLocation(null, "public",
            "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION)), Duration.ofMinutes(5));

    @Test
    void hapisLockInsertIsAHistoryInsertAndNothingElseIs() {
        assertThat(CLASSIFIER.isHistoryInsert("INSERT INTO \"FLY_HFJ_MIGRATION\" (\"installed_rank\") VALUES (-100)")).isTrue();
        assertThat(CLASSIFIER.isHistoryInsert("insert into public.fly_hfj_migration values (-100)")).isTrue();
        assertThat(CLASSIFIER.isHistoryInsert("INSERT INTO `cdr`.`FLY_HFJ_MIGRATION` VALUES (-100)")).isTrue();
        assertThat(CLASSIFIER.isHistoryInsert("INSERT INTO HFJ_RESOURCE VALUES (1)")).isFalse();
        assertThat(CLASSIFIER.isHistoryInsert("SELECT * FROM \"FLY_HFJ_MIGRATION\"")).isFalse();
        assertThat(CLASSIFIER.isHistoryInsert(null)).isFalse();
    }

    @Test
    void plumbingWritesAndMigratorStatementsAreToldApart() {
        assertThat(SessionClassifier.isPlumbing(null)).isTrue();
        assertThat(SessionClassifier.isPlumbing("SELECT 1")).isTrue();
        assertThat(SessionClassifier.isPlumbing("SET application_name = 'x'")).isTrue();
        assertThat(SessionClassifier.isPlumbing("SELECT * FROM HFJ_RESOURCE")).isFalse();
        assertThat(SessionClassifier.isWrite(null)).isFalse();
        assertThat(SessionClassifier.isWrite("SELECT 1")).isFalse();
        assertThat(SessionClassifier.isWrite("DELETE FROM HFJ_RESOURCE")).isTrue();
        assertThat(SessionClassifier.isWrite("CREATE TABLE T (ID INT)")).isTrue();
        assertThat(CLASSIFIER.isMigratorStatement(null)).isFalse();
        assertThat(CLASSIFIER.isMigratorStatement("SELECT 1")).isFalse();
        assertThat(CLASSIFIER.isMigratorStatement("ALTER TABLE HFJ_RESOURCE ADD X INT")).isTrue();
        assertThat(CLASSIFIER.isMigratorStatement("SELECT * FROM \"FLY_HFJ_MIGRATION\"")).isTrue();
    }

    @Test
    void oneTableLockIsNamedAloneAndMoreAreCounted() {
        RelationLock a = new RelationLock("public", "hfj_resource", "RowExclusiveLock", true);
        RelationLock b = new RelationLock("public", "hfj_res_ver", "RowExclusiveLock", true);

        assertThat(CLASSIFIER.classify(idleInTransaction(List.of(a)), NOW, "kill").orElseThrow().why())
                .isEqualTo("locking " + a.displayName());
        assertThat(CLASSIFIER.classify(idleInTransaction(List.of(a, b)), NOW, "kill").orElseThrow().why())
                .isEqualTo("locking " + a.displayName() + " and 1 more");
    }

    @Test
    void statementsUpToTwoHundredCharactersAreShownWhole() {
        String exactly = "x".repeat(200);
        String longer = "x".repeat(201);

        assertThat(SessionClassifier.shorten(exactly)).isEqualTo(exactly);
        assertThat(SessionClassifier.shorten(longer)).isEqualTo(exactly + "…");
    }

    @Test
    void theClearsLastSnapshotRefusesActiveSessionsAndAMigratorsIdleConnectionButLetsAWaiterIn() {
        SessionActivity runningDdl = session(true, "ALTER TABLE HFJ_RESOURCE ADD X INT");
        assertThat(CLASSIFIER.finalSnapshotFinding(runningDdl, NOW, "kill")).hasValueSatisfying(f -> {
            assertThat(f.effect()).isEqualTo(SessionFinding.Effect.ACTIVE);
            assertThat(f.why()).startsWith("running DDL");
        });
        SessionActivity idleAfterDdl = session(false, "ALTER TABLE HFJ_RESOURCE ADD X INT");
        assertThat(CLASSIFIER.finalSnapshotFinding(idleAfterDdl, NOW, "kill")).hasValueSatisfying(f -> {
            assertThat(f.effect()).isEqualTo(SessionFinding.Effect.CONNECTED);
            assertThat(f.migratorConnection()).isTrue();
            assertThat(f.why()).isEqualTo("connected, and its last statement ran DDL or touched the history table: "
                    + "ALTER TABLE HFJ_RESOURCE ADD X INT");
            assertThat(f.terminateCommand()).isEqualTo("kill");
        });
        // A node waiting for the lock, running or between attempts, is what the delete lets in.
        assertThat(CLASSIFIER.finalSnapshotFinding(session(false, "INSERT INTO FLY_HFJ_MIGRATION VALUES (-100)"), NOW,
                "kill")).isEmpty();
        assertThat(CLASSIFIER.finalSnapshotFinding(session(true, "INSERT INTO FLY_HFJ_MIGRATION VALUES (-100)"), NOW,
                "kill")).isEmpty();
        // Writers rule STALE out in the window, not at the clear's last moment.
        assertThat(CLASSIFIER.finalSnapshotFinding(session(true, "UPDATE HFJ_RESOURCE SET X = 1"), NOW, "kill")).isEmpty();
        assertThat(CLASSIFIER.finalSnapshotFinding(session(false, "SELECT 1"), NOW, "kill")).isEmpty();
    }

    private static SessionActivity session(boolean running, String statement) {
        return new SessionActivity("4713", "hapi", null, null, NOW.minusSeconds(600), NOW.minusSeconds(1),
                running, false, false, true, statement, List.of());
    }

    private static SessionActivity idleInTransaction(List<RelationLock> locks) {
        return new SessionActivity("4712", "hapi", null, null, NOW.minusSeconds(600), NOW.minusSeconds(60),
                false, true, false, true, "UPDATE HFJ_RESOURCE SET X = 1", locks);
    }
}
