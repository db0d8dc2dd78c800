package io.lockdoctor.dialects.sqlserver;

import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.StandardSessionObserver;
import io.lockdoctor.core.spi.Statements;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Sessions of the current database from {@code sys.dm_exec_sessions} and {@code sys.dm_exec_requests}
 * (with their statement text), object locks from {@code sys.dm_tran_locks}, writes from
 * {@code sys.dm_db_index_operational_stats}. Needs VIEW SERVER STATE; without it SQL Server shows
 * only the account's own session and refuses the lock and index views, so nothing but the session
 * list is read. An Availability Group secondary does not see the primary's sessions.
 */
final class SqlServerSessionObserver extends StandardSessionObserver {
    static final String HAS_VIEW_SERVER_STATE = "SELECT HAS_PERMS_BY_NAME(NULL, NULL, 'VIEW SERVER STATE')";
    static final String SECONDARY_REPLICA = """
            SELECT COUNT(*) FROM sys.dm_hadr_database_replica_states
             WHERE database_id = DB_ID() AND is_local = 1 AND is_primary_replica = 0""";
    static final String SAMPLE = """
            SELECT s.session_id, s.login_name, s.host_name, s.program_name, s.login_time,
                   r.start_time, r.status, s.open_transaction_count, s.context_info,
                   COALESCE(rt.text, ct.text), s.last_request_end_time
              FROM sys.dm_exec_sessions s
              LEFT JOIN sys.dm_exec_requests r ON r.session_id = s.session_id
              LEFT JOIN sys.dm_exec_connections c ON c.session_id = s.session_id
              OUTER APPLY sys.dm_exec_sql_text(r.sql_handle) rt
              OUTER APPLY sys.dm_exec_sql_text(c.most_recent_sql_handle) ct
             WHERE s.is_user_process = 1 AND s.database_id = DB_ID()""";
    static final String OBJECT_LOCKS = """
            SELECT l.request_session_id, OBJECT_SCHEMA_NAME(l.resource_associated_entity_id),
                   OBJECT_NAME(l.resource_associated_entity_id), l.request_mode, l.request_status
              FROM sys.dm_tran_locks l
             WHERE l.resource_type = 'OBJECT' AND l.resource_database_id = DB_ID()""";
    static final String WRITES = """
            SELECT COALESCE(SUM(o.leaf_insert_count + o.leaf_update_count + o.leaf_delete_count), 0)
              FROM sys.dm_db_index_operational_stats(DB_ID(), NULL, NULL, NULL) o
              JOIN sys.objects t ON t.object_id = o.object_id AND t.type = 'U'
             WHERE SCHEMA_NAME(t.schema_id) IN (<schemas>)""";

    SqlServerSessionObserver() {
        super("SELECT @@SPID", "SELECT SUSER_SNAME()");
    }

    @Override
    public Observability observability(Statements sql) {
        String user = account(sql);
        if (!canViewServerState(sql)) {
            return Observability.not("the login " + user + " lacks VIEW SERVER STATE, so sys.dm_exec_sessions shows "
                    + "only its own session", "GRANT VIEW SERVER STATE TO [" + user + "], or use a login that has it");
        }
        if (sql.one(SECONDARY_REPLICA, RowMapper.INTEGER) > 0) {
            return Observability.not("this database is an Availability Group secondary replica: sessions on the "
                    + "primary do not show here", "connect to the primary replica (the listener)");
        }
        return Observability.proven("the login " + user + " has VIEW SERVER STATE and sees every session of this "
                + "database, on the primary replica");
    }

    @Override
    public List<SessionActivity> sample(Statements sql) {
        Map<Integer, List<RelationLock>> locks = new HashMap<>();
        if (canViewServerState(sql)) {
            sql.each(OBJECT_LOCKS, rs -> locks.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>())
                    .add(new RelationLock(rs.getString(2), rs.getString(3), rs.getString(4),
                            "GRANT".equals(rs.getString(5)))));
        }
        return sql.list(SAMPLE, rs -> activity(rs, locks));
    }

    private static SessionActivity activity(ResultSet rs, Map<Integer, List<RelationLock>> locks) throws SQLException {
        int id = rs.getInt(1);
        String status = rs.getString(7);
        boolean running = status != null && !"sleeping".equalsIgnoreCase(status) && !"background".equalsIgnoreCase(status);
        return new SessionActivity(Integer.toString(id), rs.getString(2), rs.getString(3),
                application(rs.getString(4), rs.getBytes(9)), instant(rs.getTimestamp(5)),
                running ? instant(rs.getTimestamp(6)) : null, running, rs.getInt(8) > 0, false, true, rs.getString(10),
                locks.getOrDefault(id, List.of()), running ? null : instant(rs.getTimestamp(11)));
    }

    /** lockdoctor's own sessions carry its tag in CONTEXT_INFO even on a borrowed connection. */
    static String application(String programName, byte[] contextInfo) {
        if (contextInfo != null) {
            String tag = new String(contextInfo, StandardCharsets.US_ASCII).replace("\0", "").strip();
            if (!tag.isEmpty() && tag.chars().allMatch(c -> c > 32 && c < 127)) {
                return tag;
            }
        }
        return programName;
    }

    /** Counters that live while the index metadata is cached: a cache eviction makes them fall, read as no writes. */
    @Override
    public OptionalLong writeCounter(Statements sql, Collection<String> schemas) {
        if (schemas.isEmpty() || !canViewServerState(sql)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(counted(sql, WRITES, schemas));
    }

    @Override
    public String terminateCommand(SessionActivity session) {
        return "KILL " + Integer.parseInt(session.id()) + ";";
    }

    private static boolean canViewServerState(Statements sql) {
        Integer granted = sql.one(HAS_VIEW_SERVER_STATE, RowMapper.INTEGER);
        return granted != null && granted == 1;
    }
}
