package io.lockdoctor.core.doctor;

import io.lockdoctor.core.LogFacts;
import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockRow;
import io.lockdoctor.core.model.Terms;
import io.lockdoctor.core.model.Terms.Setting;
import io.lockdoctor.core.scan.LockEvent;
import io.lockdoctor.core.scan.LockEventKind;
import io.lockdoctor.core.scan.LogFinding;
import io.lockdoctor.core.scan.ScanResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link LogFacts} read from a log scan: the lock's timeline and the HAPI-2153 messages naming it. */
public final class ScanLogFacts implements LogFacts {
    private final ScanResult scan;
    private final Terms terms;

    /** @param terms what the caller calls its settings, for a note that points at one */
    public ScanLogFacts(ScanResult scan, Terms terms) {
        this.scan = Objects.requireNonNull(scan, "scan");
        this.terms = Objects.requireNonNull(terms, "terms");
    }

    public ScanLogFacts(ScanResult scan) {
        this(scan, Terms.LIBRARY);
    }

    @Override
    public Optional<Instant> lockAcquiredAt(String uuid) {
        Optional<Instant> latest = Optional.empty();
        for (LockEvent event : scan.events()) {
            if (event.kind() == LockEventKind.LOCK_ADDED && uuid.equals(event.uuid()) && event.timestamp() != null) {
                Optional<Instant> at = event.timestamp().instant();
                if (at.isPresent() && (latest.isEmpty() || at.get().isAfter(latest.get()))) {
                    latest = at;
                }
            }
        }
        return latest;
    }

    @Override
    public List<String> notes(KnownTable table, LockRow lock) {
        List<String> notes = new ArrayList<>();
        String uuid = lock.uuid().orElse(null);
        for (LockEvent event : scan.events()) {
            if (uuid == null || !uuid.equals(event.uuid())) {
                continue;
            }
            String where = " (" + event.file() + ":" + event.line()
                    + (event.timestamp() == null ? "" : ", " + event.timestamp()) + ")";
            switch (event.kind()) {
                case LOCK_ADDED -> notes.add("the lock was taken" + where
                        + (event.timestamp() != null && event.timestamp().instant().isEmpty()
                                ? "; the line has no zone: give " + terms.name(Setting.LOG_ZONE) + " to use it for the age" : ""));
                case LOCK_RELEASE_FAILED -> notes.add("its migrator failed to delete it" + where
                        + ": the lock outlived its migration");
                case LOCK_REPAIR -> notes.add("a start was told to remove it with CLEAR_LOCK_TABLE_WITH_DESCRIPTION"
                        + where);
                default -> {
                }
            }
        }
        for (LogFinding finding : scan.findings()) {
            if (uuid != null && uuid.equals(finding.uuid())) {
                notes.add(finding.occurrences() + " " + (finding.code() == null ? "lock" : finding.code())
                        + " message(s) name this lock (first " + finding.first().file() + ":" + finding.first().line()
                        + ", last " + finding.last().file() + ":" + finding.last().line()
                        + "): starts waited for it, which shows it was held, not that its migrator is alive");
            }
        }
        return notes;
    }
}
