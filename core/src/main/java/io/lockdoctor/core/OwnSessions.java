package io.lockdoctor.core;

import io.lockdoctor.core.spi.SessionActivity;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one rule that tells lockdoctor's own sessions apart from everyone else's, used by every
 * sample (observe window, locked-table check, the clear's final snapshot): a session is
 * lockdoctor's when its id is one lockdoctor holds (or opened from a pool only it uses), when it
 * carries lockdoctor's tag, or when it runs a clear's marked read of the lock row (a racing clear,
 * where the database shows no tag).
 */
final class OwnSessions {
    /** Starts every clear's read of the lock row, so that another clear recognises it. */
    public static final String CLEAR_LOCK_ROW_READ_MARKER = "/* lockdoctor clear: lock row */";

    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final String tag;
    private final boolean privatePool;

    /**
     * @param tag the application name lockdoctor's sessions carry
     * @param privatePool true when nobody but lockdoctor borrows from the data source (the CLI's own
     *        pool): then a session stays lockdoctor's after it went back to the pool; otherwise only
     *        while lockdoctor holds it, since the next borrower may be the migrator itself
     */
    public OwnSessions(String tag, boolean privatePool) {
        this.tag = tag;
        this.privatePool = privatePool;
    }

    public void opened(String id) {
        ids.add(id);
    }

    public void closed(String id) {
        if (!privatePool) {
            ids.remove(id);
        }
    }

    public boolean isOwn(SessionActivity session) {
        return ids.contains(session.id()) || tag.equals(session.application())
                || (session.statement() != null && session.statement().strip().startsWith(CLEAR_LOCK_ROW_READ_MARKER));
    }
}
