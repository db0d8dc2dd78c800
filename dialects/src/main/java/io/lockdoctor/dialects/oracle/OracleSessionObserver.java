package io.lockdoctor.dialects.oracle;

import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.StandardSessionObserver;
import io.lockdoctor.core.spi.Statements;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Sessions of every RAC instance from {@code gv$session} with their statement ({@code gv$sql}),
 * open transaction and undo records ({@code gv$transaction}) and table locks
 * ({@code gv$locked_object}); writes from {@code gv$segment_statistics} ('db block changes' of
 * the searched schemas). Without SELECT on these views (SELECT_CATALOG_ROLE or SELECT ANY
 * DICTIONARY give it) sessions are not observable, and nothing is sampled. A session id is
 * {@code sid,serial#,@inst_id}, as {@code ALTER SYSTEM KILL SESSION} takes it.
 */
final class OracleSessionObserver extends StandardSessionObserver {
    private static final Pattern SESSION_ID = Pattern.compile("\\d+,\\d+,@\\d+");

    static final String OWN_ID = """
            SELECT s.sid || ',' || s.serial# || ',@' || SYS_CONTEXT('USERENV', 'INSTANCE')
              FROM v$session s WHERE s.sid = SYS_CONTEXT('USERENV', 'SID')""";
    static final String OWN_ID_WITHOUT_V$SESSION =
            "SELECT SYS_CONTEXT('USERENV', 'SID') || ',0,@' || SYS_CONTEXT('USERENV', 'INSTANCE') FROM DUAL";
    static final String DATABASE_ROLE = "SELECT SYS_CONTEXT('USERENV', 'DATABASE_ROLE') FROM DUAL";
    static final String SAMPLE = """
            SELECT s.sid || ',' || s.serial# || ',@' || s.inst_id, s.username, s.machine,
                   COALESCE(s.module, s.program), s.logon_time, s.sql_exec_start, s.status,
                   t.used_urec, COALESCE(q.sql_fulltext, pq.sql_fulltext),
                   (SELECT LISTAGG(o.owner || '|' || o.object_name || '|' || lo.locked_mode, ';' ON OVERFLOW TRUNCATE)
                           WITHIN GROUP (ORDER BY o.object_name)
                      FROM gv$locked_object lo JOIN all_objects o ON o.object_id = lo.object_id
                     WHERE lo.inst_id = s.inst_id AND lo.session_id = s.sid),
                   CAST(SYSTIMESTAMP AS TIMESTAMP) - NUMTODSINTERVAL(s.last_call_et, 'SECOND')
              FROM gv$session s
              LEFT JOIN gv$transaction t ON t.inst_id = s.inst_id AND t.addr = s.taddr
              LEFT JOIN gv$sql q ON q.inst_id = s.inst_id AND q.sql_id = s.sql_id AND q.child_number = s.sql_child_number
              LEFT JOIN gv$sql pq ON pq.inst_id = s.inst_id AND pq.sql_id = s.prev_sql_id
                                  AND pq.child_number = s.prev_child_number
             WHERE s.type = 'USER'""";
    static final String WRITES = """
            SELECT COALESCE(SUM(value), 0) FROM gv$segment_statistics
             WHERE statistic_name = 'db block changes' AND owner IN (<schemas>)""";

    OracleSessionObserver() {
        super(OWN_ID, "SELECT USER FROM DUAL");
    }

    @Override
    public String sessionId(Statements sql) {
        try {
            return sql.one(sessionIdQuery(), RowMapper.STRING);
        } catch (RuntimeException noAccess) {
            // Without v$session nothing else is sampled either, so the serial does not matter.
            return sql.one(OWN_ID_WITHOUT_V$SESSION, RowMapper.STRING);
        }
    }

    @Override
    public Observability observability(Statements sql) {
        String user = account(sql);
        String role = sql.one(DATABASE_ROLE, RowMapper.STRING);
        if (role != null && !"PRIMARY".equalsIgnoreCase(role)) {
            return Observability.not("this database is a " + role + ": sessions on the primary do not show here",
                    "connect to the primary database");
        }
        try {
            sessions(sql);
        } catch (RuntimeException e) {
            return Observability.not("the account " + user + " cannot read gv$session, gv$sql, gv$transaction and "
                    + "gv$locked_object, so other sessions (on every RAC instance) are not visible",
                    "GRANT SELECT_CATALOG_ROLE TO " + user + " (or SELECT on those gv_$ views), or use an account "
                            + "that has it");
        }
        return Observability.proven("the account " + user + " reads gv$session and sees the sessions of every "
                + "instance of this primary database");
    }

    /**
     * Nothing without access to the views ({@link #observability} has already said why); any other
     * failure propagates, so that a broken sample never looks like a quiet database.
     */
    @Override
    public List<SessionActivity> sample(Statements sql) {
        try {
            return sessions(sql);
        } catch (RuntimeException e) {
            if (isMissingAccess(e)) {
                return List.of();
            }
            throw e;
        }
    }

    /** ORA-00942 (no such table or view, as Oracle says for views one may not see) or ORA-01031. */
    static boolean isMissingAccess(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == 942 || sql.getErrorCode() == 1031)) {
                return true;
            }
        }
        return false;
    }

    private static List<SessionActivity> sessions(Statements sql) {
        return sql.list(SAMPLE, OracleSessionObserver::activity);
    }

    private static SessionActivity activity(ResultSet rs) throws SQLException {
        boolean running = "ACTIVE".equals(rs.getString(7));
        return new SessionActivity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                instant(rs.getTimestamp(5)), running ? instant(rs.getTimestamp(6)) : null, running,
                rs.getObject(8) != null, rs.getLong(8) > 0, true, rs.getString(9), locks(rs.getString(10)),
                instant(rs.getTimestamp(11)));
    }

    /** {@code owner|object|mode;...}; mode is v$locked_object's number (3 row exclusive, 6 exclusive, ...). */
    static List<RelationLock> locks(String packed) {
        List<RelationLock> locks = new ArrayList<>();
        if (packed == null || packed.isEmpty()) {
            return locks;
        }
        for (String entry : packed.split(";")) {
            String[] parts = entry.split("\\|", 3);
            if (parts.length == 3) {
                locks.add(new RelationLock(parts[0], parts[1], "locked_mode " + parts[2], true));
            }
        }
        return locks;
    }

    @Override
    public OptionalLong writeCounter(Statements sql, Collection<String> schemas) {
        if (schemas.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(counted(sql, WRITES, schemas));
        } catch (RuntimeException noAccess) {
            return OptionalLong.empty();
        }
    }

    @Override
    public String terminateCommand(SessionActivity session) {
        if (!SESSION_ID.matcher(session.id()).matches()) {
            throw new IllegalArgumentException("not an Oracle session id: " + session.id());
        }
        return "ALTER SYSTEM KILL SESSION '" + session.id() + "' IMMEDIATE;";
    }
}
