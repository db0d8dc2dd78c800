package io.lockdoctor.core.spi;

import java.util.List;
import java.util.Map;

/**
 * What lies between lockdoctor and the database, and the clients only it can show: a connection
 * pooler or proxy. A client paused behind a pooler may hold no session on the database at all (the
 * pooler closed its idle server connections, or lends them out per transaction), so where one is
 * in the way, the database's own session list is a partial view, complete again only with the
 * pooler's client list. Provided by a dialect; read at every sample of the observe window.
 */
public interface ClientView extends AutoCloseable {

    /** One sentence: what was found and how, e.g. "lockdoctor's connection goes through PgBouncer ...". */
    String description();

    /**
     * Whether the database's session list is a partial view: lockdoctor's own connection goes
     * through a pooler or proxy, or the operator named a pooler the servers use.
     */
    boolean partialView();

    /**
     * Whether the pooler lends a server connection per transaction: then a session-level setting
     * would stay on a connection other clients use next, and lockdoctor sets none.
     */
    boolean transactionPooling();

    /** Whether the pooler's client list is read: the clients behind it are then seen. */
    boolean readsClients();

    /** What would let lockdoctor read the clients when it cannot, or null when it can. */
    String settleBy();

    /**
     * The clients logged in to the pooler for the database behind {@code sql}, as sessions
     * (their ids prefixed with the pooler's name); empty when {@link #readsClients()} is false.
     */
    List<SessionActivity> clients(Statements sql);

    /** The command that would end {@code client}, on the pooler: printed, never run. */
    String terminateCommand(SessionActivity client);

    /**
     * The database's sessions whose client is a connection pooler, not an application, by session
     * id, with why: where the servers use a pooler lockdoctor does not read, a client paused behind
     * it may hold no session at all.
     */
    Map<String, String> poolerSessions(Statements sql);

    /** Whether {@code session}, sampled from the database, belongs to this view (a pooler's client). */
    boolean owns(SessionActivity session);

    @Override
    void close();
}
