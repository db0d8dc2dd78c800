package io.lockdoctor.core;

import java.util.ArrayList;
import java.util.List;

/** An audit kept in memory; {@code full} makes it refuse, as a read-only or damaged file does. */
final class RecordingAudit implements AuditLog {
    final List<AuditEntry> entries = new ArrayList<>();
    AuditException full;
    /** Thrown by the next append only, as a disk that fills up and is freed again. */
    AuditException failOnce;

    @Override
    public void append(AuditEntry entry) {
        check();
        if (failOnce != null) {
            AuditException failure = failOnce;
            failOnce = null;
            throw failure;
        }
        entries.add(entry);
    }

    @Override
    public String describe() {
        return "the test's audit";
    }

    @Override
    public void check() {
        if (full != null) {
            throw full;
        }
    }
}
