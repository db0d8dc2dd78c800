package io.lockdoctor.core;

import static io.lockdoctor.core.EvidenceBuilder.NOW;
import static io.lockdoctor.core.EvidenceBuilder.OTHER_UUID;
import static io.lockdoctor.core.EvidenceBuilder.UUID;
import static io.lockdoctor.core.EvidenceBuilder.lock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.lockdoctor.core.model.InstalledOn;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.spi.Observability;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parts of {@link LockEvidence}: what each requires, and that none shares a caller's list. */
class LockEvidenceTest {
    private static final LocalDate NOV_24 = LocalDate.of(2026, 11, 24);
    private static final Observability SEEN = Observability.proven("every session visible");

    @Test
    void aLockRowIsTheSameLockWhileItsDescriptionIs() {
        LockRow start = lock(UUID, NOV_24);

        assertThat(new LockEvidence.Lock(start, null).released()).isTrue();
        assertThat(new LockEvidence.Lock(start, null).replaced()).isFalse();
        // HAPI deletes by description: another installed_on or installed_by is still the same lock.
        LockRow rewritten = new LockRow(UUID, InstalledOn.ofDay(NOV_24.plusDays(1)), "V9_0_0");
        assertThat(new LockEvidence.Lock(start, rewritten).replaced()).isFalse();
        assertThat(new LockEvidence.Lock(start, rewritten).released()).isFalse();
        assertThat(new LockEvidence.Lock(start, lock(OTHER_UUID, NOV_24)).replaced()).isTrue();
    }

    @Test
    void eachPartKeepsItsOwnCopyOfTheListsItIsGiven() {
        List<SessionFinding> sessions = new ArrayList<>(List.of(EvidenceBuilder.finding(SessionFinding.Effect.BLOCKING,
                "8", "writing")));
        List<String> changes = new ArrayList<>(List.of("1 rows added (4 -> 5)"));
        List<String> notes = new ArrayList<>(List.of("HAPI-2153 names this lock"));

        LockEvidence.Window window = new LockEvidence.Window(Duration.ofSeconds(2), Duration.ofSeconds(2), 9, SEEN,
                sessions, changes, WriteEvidence.of(0));
        LockEvidence.Context context = new LockEvidence.Context(Optional.empty(), notes);
        sessions.clear();
        changes.clear();
        notes.clear();

        assertThat(window.sessions()).hasSize(1);
        assertThat(window.historyChanges()).containsExactly("1 rows added (4 -> 5)");
        assertThat(context.logNotes()).containsExactly("HAPI-2153 names this lock");
    }

    @Test
    void whatTheRulesCannotDoWithoutIsRequired() {
        LockRow start = lock(UUID, NOV_24);
        Duration two = Duration.ofSeconds(2);

        assertThatNullPointerException().isThrownBy(() -> new LockEvidence.Lock(null, start)).withMessage("atStart");
        assertThatNullPointerException().isThrownBy(() -> new LockEvidence.Window(two, two, 9, null, List.of(),
                List.of(), WriteEvidence.of(0))).withMessage("observability");
        assertThatNullPointerException().isThrownBy(() -> new LockEvidence.Window(two, two, 9, SEEN, List.of(),
                List.of(), null)).withMessage("writes");
        assertThatNullPointerException().isThrownBy(() -> new LockEvidence.Age(null, Optional.empty(), NOW,
                Duration.ofMinutes(10))).withMessage("databaseBound");
        LockEvidence whole = EvidenceBuilder.stale().build();
        assertThatNullPointerException().isThrownBy(() -> new LockEvidence(whole.lock(), null, whole.age(),
                whole.context())).withMessage("window");
    }
}
