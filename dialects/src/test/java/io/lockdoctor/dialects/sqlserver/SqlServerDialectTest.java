package io.lockdoctor.dialects.sqlserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lockdoctor.core.model.InvalidInputException;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exact statements of the SQL Server dialect (no real server was available to run them). */
class SqlServerDialectTest {
    private final SqlServerDialect dialect = new SqlServerDialect();
    private final SessionSettings settings = SessionSettings.withTimeout(Duration.ofMillis(7500));

    @Test
    void quotesWithBrackets() {
        assertThat(dialect.qualify("dbo", "FLY_HFJ_MIGRATION")).isEqualTo("[dbo].[FLY_HFJ_MIGRATION]");
        assertThatThrownBy(() -> dialect.quote("a]b")).isInstanceOf(InvalidInputException.class);
        assertThat(List.of("sys", "INFORMATION_SCHEMA", "guest", "db_owner")).allMatch(dialect::isSystemSchema);
        assertThat(dialect.isSystemSchema("dbo")).isFalse();
    }

    @Test
    void tagsAndBoundsEverySession() {
        assertThat(dialect.connectionProperties(settings)).containsExactly(Map.entry("applicationName", "lockdoctor"),
                Map.entry("loginTimeout", "8"), Map.entry("socketTimeout", "12500"));
        assertThat(dialect.sessionSetup(settings)).containsExactly("SET LOCK_TIMEOUT 7500",
                "SET CONTEXT_INFO 0x6c6f636b646f63746f72");
        assertThat(dialect.sessionReset()).containsExactly("SET LOCK_TIMEOUT -1", "SET CONTEXT_INFO 0x");
    }

    @Test
    void clearsWithAnUpdateLockOnTheRow() {
        assertThat(dialect.clearTransactionSetup(Duration.ofMillis(1500))).containsExactly("SET LOCK_TIMEOUT 1500");
        assertThat(dialect.selectForUpdate("[dbo].[FLY_HFJ_MIGRATION]", "[description]", "[installed_rank] = -100",
                Duration.ofSeconds(2))).isEqualTo(
                        "SELECT [description] FROM [dbo].[FLY_HFJ_MIGRATION] WITH (UPDLOCK, ROWLOCK) WHERE [installed_rank] = -100");
        assertThat(dialect.booleanLiteral(true)).isEqualTo("1");
        assertThat(dialect.booleanLiteral(false)).isEqualTo("0");
        assertThat(dialect.dateLiteral(LocalDate.of(2025, 1, 31))).isEqualTo("CONVERT(DATE, '2025-01-31', 23)");
        assertThat(dialect.currentTimeQuery()).isEqualTo("SELECT SYSDATETIMEOFFSET()");
    }

    @Test
    void provesItsViewWithServerStateAndThePrimaryReplica() {
        assertThat(SqlServerSessionObserver.HAS_VIEW_SERVER_STATE)
                .isEqualTo("SELECT HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER STATE')");
        assertThat(SqlServerSessionObserver.SECONDARY_REPLICA).isEqualTo("SELECT COUNT(*) FROM "
                + "sys.dm_hadr_database_replica_states\n WHERE database_id = DB_ID() AND is_local = 1 AND is_primary_replica = 0");
        assertThat(SqlServerSessionObserver.SAMPLE).contains("FROM sys.dm_exec_sessions s",
                "LEFT JOIN sys.dm_exec_requests r ON r.session_id = s.session_id",
                "OUTER APPLY sys.dm_exec_sql_text(r.sql_handle) rt",
                "WHERE s.is_user_process = 1 AND s.database_id = DB_ID()");
        assertThat(SqlServerSessionObserver.OBJECT_LOCKS).contains("FROM sys.dm_tran_locks l",
                "WHERE l.resource_type = 'OBJECT' AND l.resource_database_id = DB_ID()");
        assertThat(SqlServerSessionObserver.WRITES).contains(
                "SUM(o.leaf_insert_count + o.leaf_update_count + o.leaf_delete_count)",
                "sys.dm_db_index_operational_stats(DB_ID(), NULL, NULL, NULL)");
    }

    @Test
    void knowsItsOwnSessionsByContextInfoAndEndsOthersWithKill() {
        byte[] padded = new byte[128];
        byte[] tag = "lockdoctor".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, padded, 0, tag.length);
        assertThat(SqlServerSessionObserver.application("Smile CDR", padded)).isEqualTo("lockdoctor");
        assertThat(SqlServerSessionObserver.application("Smile CDR", null)).isEqualTo("Smile CDR");
        assertThat(SqlServerSessionObserver.application("Smile CDR", new byte[128])).isEqualTo("Smile CDR");
        SessionActivity other = new SessionActivity("57", "cdr", "app1", "Smile CDR", null, null, true, true, false, true,
                "ALTER TABLE HFJ_RESOURCE ADD X INT", List.of());
        assertThat(new SqlServerSessionObserver().terminateCommand(other)).isEqualTo("KILL 57;");
    }

    /** Connected clients: every user session of the database, idle ones with their last statement and idle time. */
    @Test
    void listsIdleSessionsWithTheirLastStatementAndIdleTime() {
        assertThat(SqlServerSessionObserver.SAMPLE)
                .contains("WHERE s.is_user_process = 1 AND s.database_id = DB_ID()")
                .contains("OUTER APPLY sys.dm_exec_sql_text(c.most_recent_sql_handle) ct")
                .contains("COALESCE(rt.text, ct.text), s.last_request_end_time");
    }
}
