package io.lockdoctor.core;

import io.lockdoctor.core.spi.SessionActivity;
import java.time.Instant;

/**
 * A session that weighed on a verdict.
 *
 * @param effect how it weighs (see {@link Effect})
 * @param why one short clause, e.g. "running DDL: CREATE INDEX ..."
 * @param seenAt the sample that showed it (the last one for a session seen all through the window)
 * @param terminateCommand the statement that would end the session: printed, never run
 * @param migratorConnection true when its last statement ran DDL or touched a history table: most
 *        likely a connection of the migrator that holds the lock
 * @param lockAttempts for a {@link Effect#LOCK_WAITER}, the lock INSERTs seen during the window; 0 otherwise
 */
public record SessionFinding(SessionActivity session, Effect effect, String why, Instant seenAt,
        String terminateCommand, boolean migratorConnection, int lockAttempts) {

    public SessionFinding(SessionActivity session, Effect effect, String why, Instant seenAt, String terminateCommand) {
        this(session, effect, why, seenAt, terminateCommand, false, 0);
    }

    /** How a finding weighs on the verdict, strongest first. */
    public enum Effect {
        /** A migration is running: the lock is live. */
        ACTIVE,
        /** Writes or table locks: STALE is ruled out, nothing proven active. */
        BLOCKING,
        /**
         * Connected, running nothing: it could be a migrator that was paused, frozen or cut off and
         * will resume, so STALE is ruled out until it is ended or excluded by the operator.
         */
        CONNECTED,
        /** A node retrying HAPI's lock INSERT: proves someone else holds the lock; does not block STALE. */
        LOCK_WAITER,
        /** Connected and idle, but excluded by the operator as not a migrator: an assumption, recorded. */
        EXCLUDED;

        /** Whether a session with this effect rules STALE out. */
        boolean blocksStale() {
            return this == ACTIVE || this == BLOCKING || this == CONNECTED;
        }
    }

    SessionFinding withEffect(Effect newEffect, String newWhy) {
        return new SessionFinding(session, newEffect, newWhy, seenAt, terminateCommand, migratorConnection,
                lockAttempts);
    }
}
