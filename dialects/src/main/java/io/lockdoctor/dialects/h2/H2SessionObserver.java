package io.lockdoctor.dialects.h2;

import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.RelationLock;
import io.lockdoctor.core.spi.RowMapper;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.StandardSessionObserver;
import io.lockdoctor.core.spi.Statements;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Sessions from {@code INFORMATION_SCHEMA.SESSIONS} and table locks from {@code INFORMATION_SCHEMA.LOCKS};
 * only an admin sees every session. An embedded file database another process holds cannot even be
 * opened, so every user of a database lockdoctor has opened shows up here. Writes show through each table's
 * modification stamp.
 */
final class H2SessionObserver extends StandardSessionObserver {
    private static final String WRITES = """
            SELECT COALESCE(MAX(LAST_MODIFICATION), 0) FROM INFORMATION_SCHEMA.TABLES
             WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA IN (<schemas>)""";

    H2SessionObserver() {
        super("SELECT SESSION_ID()", "SELECT CURRENT_USER");
    }

    @Override
    public Observability observability(Statements sql) {
        String user = account(sql);
        boolean admin = sql.first("SELECT IS_ADMIN FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = CURRENT_USER",
                RowMapper.BOOLEAN).orElse(false);
        if (!admin) {
            return Observability.not("the H2 user " + user + " is not an admin and sees only its own sessions",
                    "connect as an H2 admin user");
        }
        return Observability.proven("the H2 user " + user + " is an admin and sees every session");
    }

    @Override
    public List<SessionActivity> sample(Statements sql) {
        Map<String, List<RelationLock>> locks = new HashMap<>();
        sql.each("SELECT SESSION_ID, TABLE_SCHEMA, TABLE_NAME, LOCK_TYPE FROM INFORMATION_SCHEMA.LOCKS",
                rs -> locks.computeIfAbsent(Integer.toString(rs.getInt(1)), k -> new ArrayList<>())
                        .add(new RelationLock(rs.getString(2), rs.getString(3), rs.getString(4), true)));
        return sql.list("SELECT SESSION_ID, USER_NAME, CLIENT_ADDR, CLIENT_INFO, SESSION_START, "
                        + "EXECUTING_STATEMENT, EXECUTING_STATEMENT_START, CONTAINS_UNCOMMITTED "
                        + "FROM INFORMATION_SCHEMA.SESSIONS",
                rs -> {
                    String id = Integer.toString(rs.getInt(1));
                    String statement = rs.getString(6);
                    boolean uncommitted = rs.getBoolean(8);
                    return new SessionActivity(id, rs.getString(2), rs.getString(3), rs.getString(4),
                            instant(rs.getObject(5, OffsetDateTime.class)),
                            instant(rs.getObject(7, OffsetDateTime.class)), statement != null, uncommitted, uncommitted,
                            true, statement, locks.getOrDefault(id, List.of()));
                });
    }

    /**
     * H2 counts no rows, but stamps each table with the database-wide modification id of its
     * last change ({@code INFORMATION_SCHEMA.TABLES.LAST_MODIFICATION}, set when the statement
     * runs, committed or not): the highest stamp rises with every write to any of the tables.
     * Without this, short autocommit writes (a chunked data migration) were invisible on H2.
     */
    @Override
    public OptionalLong writeCounter(Statements sql, Collection<String> schemas) {
        return OptionalLong.of(counted(sql, WRITES, schemas));
    }

    @Override
    public String terminateCommand(SessionActivity session) {
        return "CALL ABORT_SESSION(" + Integer.parseInt(session.id()) + ");";
    }
}
