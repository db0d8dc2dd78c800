package io.lockdoctor.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's verdict is its most severe part's: one ACTIVE database must never be hidden by a STALE one. */
class VerdictTest {
    @Test
    void severityOrdersNoLockStaleUncertainActiveError() {
        List<Verdict> ordered = List.of(Verdict.NO_LOCK, Verdict.STALE, Verdict.UNCERTAIN, Verdict.ACTIVE, Verdict.ERROR);
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = 0; j < ordered.size(); j++) {
                assertThat(ordered.get(i).moreSevereThan(ordered.get(j))).as(ordered.get(i) + " > " + ordered.get(j))
                        .isEqualTo(i > j);
            }
        }
    }

    @Test
    void theMostSeverePartDecidesWhateverItsPlace() {
        assertThat(Verdict.mostSevere(List.of())).isEqualTo(Verdict.NO_LOCK);
        assertThat(Verdict.mostSevere(List.of(Verdict.STALE))).isEqualTo(Verdict.STALE);
        assertThat(Verdict.mostSevere(List.of(Verdict.ACTIVE, Verdict.STALE, Verdict.NO_LOCK))).isEqualTo(Verdict.ACTIVE);
        assertThat(Verdict.mostSevere(List.of(Verdict.STALE, Verdict.UNCERTAIN, Verdict.STALE)))
                .isEqualTo(Verdict.UNCERTAIN);
        assertThat(Verdict.mostSevere(List.of(Verdict.STALE, Verdict.ACTIVE, Verdict.ERROR, Verdict.UNCERTAIN)))
                .isEqualTo(Verdict.ERROR);
    }
}
