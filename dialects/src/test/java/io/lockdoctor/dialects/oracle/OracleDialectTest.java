package io.lockdoctor.dialects.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact statements of the Oracle dialect (no real server was available to run them). */
class OracleDialectTest {
    private final OracleDialect dialect = new OracleDialect();
    private final SessionSettings settings = SessionSettings.withTimeout(Duration.ofMillis(7500));

    @Test
    void quotesExactlyAsHapiCreatesItsTables() {
        assertThat(dialect.qualify("SMILE", "FLY_HFJ_MIGRATION")).isEqualTo("\"SMILE\".\"FLY_HFJ_MIGRATION\"");
        assertThat(dialect.quote("installed_rank")).isEqualTo("\"installed_rank\"");
        assertThat(List.of("SYS", "SYSTEM", "XDB", "MDSYS", "APEX_230200", "sys")).allMatch(dialect::isSystemSchema);
        assertThat(dialect.isSystemSchema("SMILE")).isFalse();
    }

    @Test
    void tagsEverySessionAndLeavesBoundsToWaitAndQueryTimeout() {
        assertThat(dialect.connectionProperties(settings)).containsExactly(
                Map.entry("oracle.jdbc.v$session.program", "lockdoctor"),
                Map.entry("oracle.net.CONNECT_TIMEOUT", "7500"),
                Map.entry("oracle.jdbc.ReadTimeout", "12500"));
        assertThat(dialect.sessionSetup(settings))
                .containsExactly("BEGIN DBMS_APPLICATION_INFO.SET_MODULE('lockdoctor', NULL); END;");
        assertThat(dialect.sessionReset()).containsExactly("BEGIN DBMS_APPLICATION_INFO.SET_MODULE(NULL, NULL); END;");
        assertThat(dialect.clearTransactionSetup(Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void clearsWithForUpdateWait() {
        assertThat(dialect.selectForUpdate("\"SMILE\".\"FLY_HFJ_MIGRATION\"", "\"description\"", "\"installed_rank\" = -100",
                Duration.ofMillis(1500))).isEqualTo("SELECT \"description\" FROM \"SMILE\".\"FLY_HFJ_MIGRATION\" "
                        + "WHERE \"installed_rank\" = -100 FOR UPDATE WAIT 2");
        assertThat(dialect.selectForUpdate("t", "c", "1 = 1", Duration.ofMillis(10))).endsWith("FOR UPDATE WAIT 1");
        assertThat(dialect.booleanLiteral(true)).isEqualTo("1");
        assertThat(dialect.booleanLiteral(false)).isEqualTo("0");
        assertThat(dialect.dateLiteral(LocalDate.of(2025, 1, 31))).isEqualTo("DATE '2025-01-31'");
        assertThat(dialect.currentTimeQuery()).isEqualTo("SELECT SYSTIMESTAMP FROM DUAL");
    }

    @Test
    void watchesEveryRacInstance() {
        assertThat(OracleSessionObserver.SAMPLE).contains("FROM gv$session s",
                "LEFT JOIN gv$transaction t ON t.inst_id = s.inst_id AND t.addr = s.taddr",
                "LEFT JOIN gv$sql q ON q.inst_id = s.inst_id AND q.sql_id = s.sql_id",
                "FROM gv$locked_object lo JOIN all_objects o ON o.object_id = lo.object_id",
                "WHERE s.type = 'USER'");
        assertThat(OracleSessionObserver.DATABASE_ROLE).isEqualTo("SELECT SYS_CONTEXT('USERENV', 'DATABASE_ROLE') FROM DUAL");
        assertThat(OracleSessionObserver.WRITES).contains("FROM gv$segment_statistics",
                "statistic_name = 'db block changes' AND owner IN (<schemas>)");
    }

    @Test
    void readsLockedObjectsAndEndsSessionsRacWide() {
        assertThat(OracleSessionObserver.locks("SMILE|FLY_HFJ_MIGRATION|3;SMILE|HFJ_RESOURCE|3")).containsExactly(
                new RelationLock("SMILE", "FLY_HFJ_MIGRATION", "locked_mode 3", true),
                new RelationLock("SMILE", "HFJ_RESOURCE", "locked_mode 3", true));
        assertThat(OracleSessionObserver.locks(null)).isEmpty();
        OracleSessionObserver observer = new OracleSessionObserver();
        assertThat(observer.terminateCommand(session("123,4567,@2")))
                .isEqualTo("ALTER SYSTEM KILL SESSION '123,4567,@2' IMMEDIATE;");
        assertThatThrownBy(() -> observer.terminateCommand(session("1' IMMEDIATE; DROP"))).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void aSampleFailsLoudlyUnlessTheViewsAreMerelyNotGranted() {
        assertThat(OracleSessionObserver.isMissingAccess(new RuntimeException(new java.sql.SQLException(
                "ORA-00942: table or view does not exist", "42000", 942)))).isTrue();
        assertThat(OracleSessionObserver.isMissingAccess(new java.sql.SQLException("ORA-01031", "42000", 1031))).isTrue();
        assertThat(OracleSessionObserver.isMissingAccess(new RuntimeException(new java.sql.SQLException(
                "ORA-01489: result of string concatenation is too long", "72000", 1489)))).isFalse();
    }

    private static SessionActivity session(String id) {
        return new SessionActivity(id, "SMILE", "app1", "JDBC Thin Client", null, null, true, false, false, true,
                "ALTER TABLE HFJ_RESOURCE ADD X NUMBER", List.of());
    }

    /** Connected clients: an idle session's previous statement and how long it has been idle. */
    @Test
    void readsAnIdleSessionsPreviousStatementAndIdleTime() {
        assertThat(OracleSessionObserver.SAMPLE)
                .contains("COALESCE(q.sql_fulltext, pq.sql_fulltext)")
                .contains("LEFT JOIN gv$sql pq ON pq.inst_id = s.inst_id AND pq.sql_id = s.prev_sql_id")
                .contains("NUMTODSINTERVAL(s.last_call_et, 'SECOND')");
    }
}
