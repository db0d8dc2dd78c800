package io.lockdoctor.core.evidence;

import java.time.Instant;
import java.util.List;

/**
 * One other session as the database shows it at one sample.
 *
 * @param id the database's session id (PostgreSQL backend pid, H2 session id)
 * @param running true while a statement executes (PostgreSQL {@code state = 'active'})
 * @param inTransaction true when the session has an open transaction (it may hold locks while idle)
 * @param uncommittedWrites true when the database reports uncommitted changes for the session
 * @param statementVisible false when the account may not see the session's statement
 *        (PostgreSQL {@code <insufficient privilege>}, or state {@code disabled} when that session
 *        runs with {@code track_activities} off): then sessions are not observable
 * @param statement the current (or, when idle, the last) statement; may be null
 */
public record SessionActivity(
        String id,
        String user,
        String host,
        String application,
        Instant sessionStart,
        Instant statementStart,
        boolean running,
        boolean inTransaction,
        boolean uncommittedWrites,
        boolean statementVisible,
        String statement,
        List<RelationLock> locks) {

    public SessionActivity {
        locks = List.copyOf(locks);
    }
}
