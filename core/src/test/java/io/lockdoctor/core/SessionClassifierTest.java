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
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionClassifierTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final TableLocation HISTORY =
            new TableLocation(null, "public", "FLY_HFJ_MIGRATION", KnownTable.FLY_HFJ_MIGRATION);
    private static final SessionClassifier CLASSIFIER = new SessionClassifier(List.of(HISTORY), Duration.ofMinutes(5));

    /** A session running {@code statement}, started two seconds ago, holding no table locks. */
    private static SessionActivity running(String statement) {
        return new SessionActivity("4711", "hapi", "10.0.0.7", "smile", NOW.minusSeconds(600), NOW.minusSeconds(2),
                true, false, false, true, statement, List.of());
    }

    private static SessionActivity idle(String lastStatement, boolean inTransaction, RelationLock... locks) {
        return new SessionActivity("4712", "hapi", null, null, NOW.minusSeconds(600), NOW.minusSeconds(60),
                false, inTransaction, false, true, lastStatement, List.of(locks));
    }

    private static RelationLock lockOn(String schema, String table, String mode) {
        return new RelationLock(schema, table, mode, true);
    }

    static Stream<Arguments> statements() {
        return Stream.of(
                Arguments.of("CREATE TABLE HFJ_NEW (ID BIGINT)", Effect.ACTIVE, "running DDL"),
                Arguments.of("create table t as select 1 as s from pg_sleep(20)", Effect.ACTIVE, "running DDL"),
                Arguments.of("CREATE TABLE T AS SELECT SLEEP(20) AS S", Effect.ACTIVE, "running DDL"),
                Arguments.of("CREATE INDEX CONCURRENTLY IDX_RES_TYPE ON HFJ_RESOURCE (RES_TYPE)", Effect.ACTIVE,
                        "running DDL"),
                Arguments.of("CREATE UNIQUE INDEX IDX_X ON TRM_CONCEPT (CODE)", Effect.ACTIVE, "running DDL"),
                Arguments.of("  \n\tALTER TABLE HFJ_RESOURCE ADD COLUMN X INT", Effect.ACTIVE, "running DDL"),
                Arguments.of("DROP INDEX IDX_OLD", Effect.ACTIVE, "running DDL"),
                Arguments.of("TRUNCATE TABLE HFJ_RES_REINDEX_JOB", Effect.ACTIVE, "running DDL"),
                Arguments.of("REINDEX INDEX IDX_RES_TYPE", Effect.ACTIVE, "running DDL"),
                Arguments.of("/* HAPI FHIR migration */ CREATE INDEX IDX_A ON HFJ_RESOURCE (A)", Effect.ACTIVE,
                        "running DDL"),
                Arguments.of("/* one */ /* two\n lines */ ALTER TABLE HFJ_RESOURCE DROP COLUMN X", Effect.ACTIVE,
                        "running DDL"),
                Arguments.of("-- HAPI FHIR task 20250101.1\nCREATE TABLE T AS SELECT 1 AS S FROM pg_sleep(20)",
                        Effect.ACTIVE, "running DDL"),
                Arguments.of("-- one\n  -- two\r\n/* three */ CREATE INDEX IDX_B ON HFJ_RESOURCE (B)", Effect.ACTIVE,
                        "running DDL"),
                Arguments.of("SELECT * FROM \"FLY_HFJ_MIGRATION\" WHERE \"installed_rank\" = -100", Effect.ACTIVE,
                        "running a statement on the history table"),
                Arguments.of("delete from fly_hfj_migration where installed_rank = -100", Effect.ACTIVE,
                        "running a statement on the history table"),
                Arguments.of("INSERT INTO HFJ_RESOURCE (RES_ID) VALUES (1)", Effect.BLOCKING, "writing"),
                Arguments.of("update hfj_res_ver set res_text = null where pid between 1 and 1000", Effect.BLOCKING,
                        "writing"),
                Arguments.of("WITH batch AS (SELECT PID FROM HFJ_RESOURCE LIMIT 500) DELETE FROM HFJ_SPIDX_STRING s "
                        + "USING batch WHERE s.RES_ID = batch.PID", Effect.BLOCKING, "writing"),
                Arguments.of("/* batch */ MERGE INTO TRM_CONCEPT USING X ON (1 = 1) WHEN MATCHED THEN DELETE",
                        Effect.BLOCKING, "writing"),
                Arguments.of("-- chunk 17\nINSERT INTO HFJ_RESOURCE (RES_ID) VALUES (17)", Effect.BLOCKING, "writing"),
                Arguments.of("COPY HFJ_RESOURCE FROM STDIN", Effect.BLOCKING, "writing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void classifiesARunningStatement(String statement, Effect effect, String why) {
        Optional<SessionFinding> finding = CLASSIFIER.classify(running(statement), NOW, "SELECT pg_terminate_backend(4711);");

        assertThat(finding).hasValueSatisfying(f -> {
            assertThat(f.effect()).isEqualTo(effect);
            assertThat(f.why()).startsWith(why);
            assertThat(f.terminateCommand()).isEqualTo("SELECT pg_terminate_backend(4711);");
            assertThat(f.seenAt()).isEqualTo(NOW);
            assertThat(f.session().id()).isEqualTo("4711");
        });
    }

    @Test
    void aShortReadWithoutLocksMeansNothing() {
        assertThat(CLASSIFIER.effect(running("SELECT 1"), NOW)).isEmpty();
        assertThat(CLASSIFIER.effect(running("SELECT pg_sleep(20)"), NOW)).isEmpty();
        // Words that only look like DDL or writes inside a read.
        assertThat(CLASSIFIER.effect(running("SELECT created, updated FROM audit_view"), NOW)).isEmpty();
    }

    @Test
    void idleSessionsAreIgnoredWhateverTheyRanLast() {
        assertThat(CLASSIFIER.effect(idle("CREATE INDEX IDX_A ON HFJ_RESOURCE (A)", false), NOW)).isEmpty();
        assertThat(CLASSIFIER.effect(idle("INSERT INTO HFJ_RESOURCE VALUES (1)", false), NOW)).isEmpty();
        assertThat(CLASSIFIER.effect(idle("SELECT * FROM FLY_HFJ_MIGRATION", false), NOW)).isEmpty();
        assertThat(CLASSIFIER.effect(idle("COMMIT", true), NOW)).as("idle in transaction, no locks").isEmpty();
    }

    @Test
    void idleInTransactionHoldingLocksBlocks() {
        SessionActivity holding = idle("UPDATE HFJ_RESOURCE SET RES_VER = 2 WHERE RES_ID = 1", true,
                lockOn("public", "HFJ_RESOURCE", "RowExclusiveLock"), lockOn("public", "HFJ_RES_VER", "RowExclusiveLock"));

        Optional<SessionFinding> finding = CLASSIFIER.classify(holding, NOW, "SELECT pg_terminate_backend(4712);");

        assertThat(finding).hasValueSatisfying(f -> {
            assertThat(f.effect()).isEqualTo(Effect.BLOCKING);
            assertThat(f.why()).isEqualTo("locking public.HFJ_RESOURCE (RowExclusiveLock) and 1 more");
        });
    }

    @Test
    void aLockOnTheHistoryTableIsActiveInWhateverState() {
        RelationLock history = lockOn("public", "FLY_HFJ_MIGRATION", "RowExclusiveLock");

        assertThat(CLASSIFIER.classify(idle("INSERT INTO \"FLY_HFJ_MIGRATION\" VALUES (1)", true, history), NOW, "x"))
                .hasValueSatisfying(f -> {
                    assertThat(f.effect()).isEqualTo(Effect.ACTIVE);
                    assertThat(f.why()).isEqualTo("locking the history table public.FLY_HFJ_MIGRATION (RowExclusiveLock)");
                });
        RelationLock waiting = new RelationLock("PUBLIC", "fly_hfj_migration", "ShareLock", false);
        assertThat(CLASSIFIER.classify(running("LOCK TABLE x"), NOW, "x").map(SessionFinding::effect))
                .contains(Effect.BLOCKING);
        assertThat(CLASSIFIER.classify(idle(null, false, waiting), NOW, "x")).hasValueSatisfying(f -> {
            assertThat(f.effect()).isEqualTo(Effect.ACTIVE);
            assertThat(f.why()).endsWith("(ShareLock, waiting)");
        });
        RelationLock noSchema = new RelationLock(null, "FLY_HFJ_MIGRATION", "READ", true);
        assertThat(CLASSIFIER.effect(idle(null, true, noSchema), NOW)).contains(Effect.ACTIVE);
    }

    @Test
    void theSameTableNameInAnotherSchemaIsAnotherDatabasesHistory() {
        RelationLock elsewhere = lockOn("other_tenant", "FLY_HFJ_MIGRATION", "RowExclusiveLock");

        assertThat(CLASSIFIER.classify(idle("INSERT ...", true, elsewhere), NOW, "x")).hasValueSatisfying(f -> {
            assertThat(f.effect()).isEqualTo(Effect.BLOCKING);
            assertThat(f.why()).startsWith("locking other_tenant.FLY_HFJ_MIGRATION");
        });
    }

    @Test
    void locksBlockEvenWhenTheDatabaseHidesTheSessionsState() {
        // PostgreSQL with track_activities off: state 'disabled', no xact_start, no query, but pg_locks still shows.
        SessionActivity hidden = new SessionActivity("4713", "hapi", null, null, NOW.minusSeconds(600), null,
                false, false, false, false, "", List.of(lockOn("public", "HFJ_RESOURCE", "AccessExclusiveLock")));

        assertThat(CLASSIFIER.effect(hidden, NOW)).contains(Effect.BLOCKING);
    }

    @Test
    void uncommittedWritesBlock() {
        SessionActivity h2 = new SessionActivity("9", "SA", null, null, NOW.minusSeconds(60), null,
                false, true, true, true, null, List.of());

        assertThat(CLASSIFIER.classify(h2, NOW, "CALL ABORT_SESSION(9);")).hasValueSatisfying(f -> {
            assertThat(f.effect()).isEqualTo(Effect.BLOCKING);
            assertThat(f.why()).isEqualTo("holding uncommitted writes");
        });
    }

    @Test
    void aStatementOlderThanLongStatementIsActive() {
        SessionActivity slow = new SessionActivity("4714", "hapi", null, null, NOW.minusSeconds(3600),
                NOW.minus(Duration.ofMinutes(5)).minusSeconds(1), true, true, false, true,
                "SELECT COUNT(*) FROM HFJ_SPIDX_TOKEN", List.of());
        SessionActivity exactly = new SessionActivity("4715", "hapi", null, null, NOW.minusSeconds(3600),
                NOW.minus(Duration.ofMinutes(5)), true, true, false, true, "SELECT COUNT(*) FROM HFJ_SPIDX_TOKEN",
                List.of());

        assertThat(CLASSIFIER.classify(slow, NOW, "x")).hasValueSatisfying(f -> {
            assertThat(f.effect()).isEqualTo(Effect.ACTIVE);
            assertThat(f.why()).isEqualTo("running one statement for more than 5m: SELECT COUNT(*) FROM HFJ_SPIDX_TOKEN");
        });
        assertThat(CLASSIFIER.effect(exactly, NOW)).as("older than, not as old as").isEmpty();
    }

    @Test
    void aShortLongStatementSettingIsNamedAsGiven() {
        SessionClassifier strict = new SessionClassifier(List.of(HISTORY), Duration.ofSeconds(30));
        SessionActivity slow = new SessionActivity("4716", "hapi", null, null, NOW.minusSeconds(3600),
                NOW.minusSeconds(45), true, false, false, true, "SELECT pg_sleep(100)", List.of());

        assertThat(strict.classify(slow, NOW, "x")).hasValueSatisfying(
                f -> assertThat(f.why()).startsWith("running one statement for more than 30s"));
    }

    @Test
    void longStatementsAreShortenedToOneLine() {
        String statement = "UPDATE   HFJ_RESOURCE\n   SET RES_VER = 2 WHERE RES_ID IN (" + "1, ".repeat(200) + "1)";

        String why = CLASSIFIER.classify(running(statement), NOW, "x").orElseThrow().why();

        assertThat(why).startsWith("writing: UPDATE HFJ_RESOURCE SET RES_VER = 2").endsWith("…")
                .doesNotContain("\n").hasSize("writing: ".length() + 201);
    }
}
