package io.lockdoctor.core.spi;

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
 * @param stateSince when the session entered its current state: for an idle session, idle since
 *        (PostgreSQL {@code state_change}, MariaDB/MySQL now minus {@code TIME}); null when unknown
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
        List<RelationLock> locks,
        Instant stateSince) {

    public SessionActivity {
        locks = List.copyOf(locks);
    }

    /** A session whose database does not say since when it is in its current state. */
    public SessionActivity(String id, String user, String host, String application, Instant sessionStart,
            Instant statementStart, boolean running, boolean inTransaction, boolean uncommittedWrites,
            boolean statementVisible, String statement, List<RelationLock> locks) {
        this(id, user, host, application, sessionStart, statementStart, running, inTransaction, uncommittedWrites,
                statementVisible, statement, locks, null);
    }

    /** "session 42 (hapi@10.0.0.7, Smile CDR)": how every message names a session. */
    public String who() {
        StringBuilder who = new StringBuilder("session ").append(id);
        who.append(" (").append(user == null ? "?" : user);
        if (host != null && !host.isBlank()) {
            who.append('@').append(host);
        }
        if (application != null && !application.isBlank()) {
            who.append(", ").append(application);
        }
        return who.append(')').toString();
    }

    /** When the session's current or last statement began, falling back to when it entered its state. */
    public Instant lastActivity() {
        return statementStart != null ? statementStart : stateSince;
    }
}
