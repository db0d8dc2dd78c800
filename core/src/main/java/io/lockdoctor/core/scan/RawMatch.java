package io.lockdoctor.core.scan;

import java.util.Objects;

/** A message found, before line numbers are made absolute; {@code line} counts newlines from the origin. */
record RawMatch(LockEventKind kind, String table, String uuid, String code, long offset, long line,
        LogTimestamp timestamp) {

    /** Same message (kind, table, UUID, code), wherever it was. */
    boolean sameMessage(RawMatch other) {
        return kind == other.kind && Objects.equals(table, other.table) && Objects.equals(uuid, other.uuid)
                && Objects.equals(code, other.code);
    }
}
