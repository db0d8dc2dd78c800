package io.lockdoctor.core;

import io.lockdoctor.core.model.KnownTable;
import io.lockdoctor.core.model.LockRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What server logs say about locks, as the verdict needs it (docs/evidence.md, age and logs). */
public interface LogFacts {
    /** No logs given. */
    LogFacts NONE = new LogFacts() {
        @Override
        public Optional<Instant> lockAcquiredAt(String uuid) {
            return Optional.empty();
        }

        @Override
        public List<String> notes(KnownTable table, LockRow lock) {
            return List.of();
        }
    };

    /**
     * When a {@code Migration Lock Row added. [uuid=...]} line shows this lock taken, if the line's
     * time carries an offset or the log's zone was given.
     */
    Optional<Instant> lockAcquiredAt(String uuid);

    /** What the logs say about this lock, one short statement each, for the evidence list. */
    List<String> notes(KnownTable table, LockRow lock);
}
