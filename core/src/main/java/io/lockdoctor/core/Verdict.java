package io.lockdoctor.core;

import io.lockdoctor.core.model.Evidence;
import java.util.Collection;

/**
 * What lockdoctor concludes about a table, a database or a whole run, in order of severity
 * (docs/evidence.md): a run's verdict is that of its most severe part.
 */
public enum Verdict {
    /** No lock row. */
    NO_LOCK(0),
    /** Sessions observable, nothing active or blocking across the observe window, old enough. */
    STALE(1),
    /** Anything short of proof either way; the reason says what would settle it. */
    UNCERTAIN(2),
    /** Evidence that a migration is running. */
    ACTIVE(3),
    /** The database could not be inspected. */
    ERROR(4);

    private final int severity;

    Verdict(int severity) {
        this.severity = severity;
    }

    boolean moreSevereThan(Verdict other) {
        return severity > other.severity;
    }

    public static Verdict mostSevere(Collection<Verdict> verdicts) {
        Verdict worst = NO_LOCK;
        for (Verdict v : verdicts) {
            if (v.moreSevereThan(worst)) {
                worst = v;
            }
        }
        return worst;
    }
}
