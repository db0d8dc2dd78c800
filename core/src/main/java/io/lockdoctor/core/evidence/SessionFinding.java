package io.lockdoctor.core.evidence;

import java.time.Instant;

/**
 * A session that speaks against a stale verdict.
 *
 * @param effect ACTIVE (a migration is running) or BLOCKING (STALE is ruled out, not proven active)
 * @param why one short clause, e.g. "running DDL: CREATE INDEX ..."
 * @param seenAt the sample that showed it
 * @param terminateCommand the statement that would end the session: printed, never run
 */
public record SessionFinding(SessionActivity session, Effect effect, String why, Instant seenAt,
        String terminateCommand) {

    /** How a finding weighs on the verdict. */
    public enum Effect {
        ACTIVE,
        BLOCKING
    }
}
