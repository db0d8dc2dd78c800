package io.lockdoctor.core.evidence;

import io.lockdoctor.core.db.DatabaseSession;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The one sampling path: every other client session of the inspected database, lockdoctor's own
 * left out by {@link OwnSessions}. Serves the observe window, the check of a locked history table
 * and the clear's final snapshot alike.
 */
public final class SessionSampler {
    private final SessionObserver observer;
    private final DatabaseSession session;

    private SessionSampler(SessionObserver observer, DatabaseSession session) {
        this.observer = observer;
        this.session = session;
    }

    /** Empty when lockdoctor cannot list sessions on this database. */
    public static Optional<SessionSampler> on(DatabaseSession session) {
        return session.dialect().sessionObserver().map(o -> new SessionSampler(o, session));
    }

    /** Other sessions that can bear on tables of {@code namespaces} (see {@link SessionObserver#sample(org.jdbi.v3.core.Handle, Collection)}). */
    public List<SessionActivity> others(Collection<String> namespaces) {
        List<SessionActivity> all = namespaces.isEmpty() ? observer.sample(session.handle())
                : observer.sample(session.handle(), namespaces);
        return all.stream()
                .filter(a -> !session.ownSessions().isOwn(a))
                .toList();
    }

    public String terminateCommand(SessionActivity activity) {
        return observer.terminateCommand(activity);
    }

    public SessionObserver observer() {
        return observer;
    }
}
