package io.lockdoctor.core;

import io.lockdoctor.core.model.Advice;
import io.lockdoctor.core.model.Evidence;
import java.util.List;

/**
 * A verdict with its one-sentence reason and every piece of evidence behind it.
 *
 * @param settleBy for UNCERTAIN, what would settle it (a log, a privileged account, waiting); empty otherwise
 */
public record Assessment(Verdict verdict, String reason, List<Evidence> evidence, List<Advice> settleBy) {
    public Assessment {
        evidence = List.copyOf(evidence);
        settleBy = List.copyOf(settleBy);
    }
}
