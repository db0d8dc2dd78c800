package io.lockdoctor.core;

import io.lockdoctor.core.spi.ClientView;
import io.lockdoctor.core.spi.SessionActivity;
import io.lockdoctor.core.spi.SessionObserver;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The one sampling path: every other client session of the inspected database, lockdoctor's own
 * left out by {@link OwnSessions}. Serves the observe window, the check of a locked history table
 * and the clear's final snapshot alike.
 */
final class SessionSampler {
    private final SessionObserver observer;
    private final DatabaseSession session;
    private final ClientView view;

    private SessionSampler(SessionObserver observer, DatabaseSession session, ClientView view) {
        this.observer = observer;
        this.session = session;
        this.view = view;
    }

    /** Empty when lockdoctor cannot list sessions on this database. */
    public static Optional<SessionSampler> on(DatabaseSession session) {
        return on(session, null);
    }

    /** Also lists the clients {@code view} (a pooler's client list) shows, when it reads them. */
    public static Optional<SessionSampler> on(DatabaseSession session, ClientView view) {
        return session.dialect().sessionObserver().map(o -> new SessionSampler(o, session, view));
    }

    /** Other sessions that can bear on tables of {@code namespaces} (see {@link SessionObserver#sample(io.lockdoctor.core.spi.Statements, Collection)}). */
    public List<SessionActivity> others(Collection<String> namespaces) {
        List<SessionActivity> all = new java.util.ArrayList<>(namespaces.isEmpty() ? observer.sample(session.sql())
                : observer.sample(session.sql(), namespaces));
        if (view != null && view.readsClients()) {
            all.addAll(view.clients(session.sql()));
        }
        return all.stream()
                .filter(a -> !session.ownSessions().isOwn(a))
                .toList();
    }

    public String terminateCommand(SessionActivity activity) {
        return view != null && view.owns(activity) ? view.terminateCommand(activity) : observer.terminateCommand(activity);
    }

    public SessionObserver observer() {
        return observer;
    }
}
