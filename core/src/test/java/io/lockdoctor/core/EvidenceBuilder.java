package io.lockdoctor.core;

import io.lockdoctor.core.model.InstalledOn;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.spi.Observability;
import io.lockdoctor.core.spi.SessionActivity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link LockEvidence} for rule tests. Starts from the one case that is STALE: the same lock at
 * both ends of a completed 2 s window, sessions proven observable, nothing active or blocking, no
 * writes, a lock dated three days before {@link #NOW} and the default --min-age of 10 minutes.
 * Each test changes the one thing it is about.
 */
final class EvidenceBuilder {
    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final String UUID = "cc38089f-d3ab-4ac6-a65f-dcc0727cee10";
    static final String OTHER_UUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    private LockRow lockAtStart = lock(UUID, LocalDate.of(2026, 11, 24));
    private LockRow lockAtEnd = lockAtStart;
    private Duration observeRequested = Duration.ofSeconds(2);
    private Duration observed = Duration.ofMillis(2_010);
    private int samples = 9;
    private Observability observability = Observability.proven("the account postgres may read every session; "
            + "a probe session (id 42) was seen");
    private final List<SessionFinding> sessions = new ArrayList<>();
    private final List<String> historyChanges = new ArrayList<>();
    private WriteEvidence writes = WriteEvidence.of(0);
    private Instant now = NOW;
    private Optional<ZoneId> writerZone = Optional.empty();
    private Optional<Instant> logAcquiredAt = Optional.empty();
    private Duration minAge = Duration.ofMinutes(10);
    private Optional<String> unverifiedDialect = Optional.empty();
    private final List<String> logNotes = new ArrayList<>();

    static EvidenceBuilder stale() {
        return new EvidenceBuilder();
    }

    static LockRow lock(String description, LocalDate day) {
        return new LockRow(description, InstalledOn.ofDay(day), "V8_8_0");
    }

    static SessionActivity session(String id, String statement) {
        return new SessionActivity(id, "hapi", "10.0.0.7", "smile-cdr", NOW.minusSeconds(3600), NOW.minusSeconds(2),
                true, true, false, true, statement, List.of());
    }

    static SessionFinding finding(SessionFinding.Effect effect, String id, String why) {
        return new SessionFinding(session(id, "some statement"), effect, why, NOW,
                "SELECT pg_terminate_backend(" + id + ");");
    }

    EvidenceBuilder lockDated(LocalDate day) {
        lockAtStart = lock(lockAtStart.description(), day);
        lockAtEnd = lockAtEnd == null ? null : lockAtStart;
        return this;
    }

    /** The same lock at both ends, with another description (one HAPI did not write, say). */
    EvidenceBuilder lockDescribed(String description) {
        lockAtStart = new LockRow(description, lockAtStart.installedOn(), lockAtStart.installedBy());
        lockAtEnd = lockAtStart;
        return this;
    }

    EvidenceBuilder lockGoneAtEnd() {
        lockAtEnd = null;
        return this;
    }

    EvidenceBuilder lockAtEnd(LockRow lock) {
        lockAtEnd = lock;
        return this;
    }

    /** An observe window asked for and run to its end. */
    EvidenceBuilder window(Duration window) {
        observeRequested = window;
        observed = window;
        samples = window.isZero() ? 0 : (int) (window.toMillis() / 250) + 1;
        return this;
    }

    EvidenceBuilder observed(Duration requested, Duration ran, int sampleCount) {
        observeRequested = requested;
        observed = ran;
        samples = sampleCount;
        return this;
    }

    EvidenceBuilder notObservable() {
        observability = Observability.not("the account app is neither superuser nor a member of pg_read_all_stats",
                "use an account with pg_read_all_stats (GRANT pg_read_all_stats TO app) or a superuser");
        return this;
    }

    EvidenceBuilder active(String id, String why) {
        sessions.add(finding(SessionFinding.Effect.ACTIVE, id, why));
        return this;
    }

    EvidenceBuilder blocking(String id, String why) {
        sessions.add(finding(SessionFinding.Effect.BLOCKING, id, why));
        return this;
    }

    EvidenceBuilder historyChange(String change) {
        historyChanges.add(change);
        return this;
    }

    EvidenceBuilder writes(long rows) {
        writes = WriteEvidence.of(rows);
        return this;
    }

    EvidenceBuilder writes(WriteEvidence value) {
        writes = value;
        return this;
    }

    EvidenceBuilder session(SessionFinding finding) {
        sessions.add(finding);
        return this;
    }

    EvidenceBuilder noWriteCounters() {
        writes = WriteEvidence.none();
        return this;
    }

    EvidenceBuilder now(Instant value) {
        now = value;
        return this;
    }

    EvidenceBuilder writerZone(String zone) {
        writerZone = Optional.of(ZoneId.of(zone));
        return this;
    }

    EvidenceBuilder logAcquiredAt(Instant value) {
        logAcquiredAt = Optional.of(value);
        return this;
    }

    EvidenceBuilder minAge(Duration value) {
        minAge = value;
        return this;
    }

    EvidenceBuilder unverified(String product) {
        unverifiedDialect = Optional.of(product);
        return this;
    }

    EvidenceBuilder logNote(String note) {
        logNotes.add(note);
        return this;
    }

    LockEvidence build() {
        AgeBound age = AgeBound.fromInstalledOn(lockAtStart.installedOn(), now, writerZone);
        return new LockEvidence(new LockEvidence.Lock(lockAtStart, lockAtEnd),
                new LockEvidence.Window(observeRequested, observed, samples, observability, sessions, historyChanges,
                        writes),
                new LockEvidence.Age(age, logAcquiredAt, now, minAge),
                new LockEvidence.Context(unverifiedDialect, logNotes));
    }

    Assessment assess() {
        return new VerdictRules().assess(build());
    }
}
