package io.lockdoctor.core.scan;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * The time a log line carries. Logback's default pattern has no zone, so the offset is known only
 * when the line (or its CRI / Docker envelope) carries one, or when the caller named the log's zone.
 *
 * @param dateTime the wall-clock time as written
 * @param offset   the offset, or {@code null} when neither the line nor the zone given for the log had one
 */
public record LogTimestamp(LocalDateTime dateTime, ZoneOffset offset) {

    public LogTimestamp {
        Objects.requireNonNull(dateTime, "dateTime");
    }

    /** The instant, when the offset is known. */
    public Optional<Instant> instant() {
        return offset == null ? Optional.empty() : Optional.of(dateTime.toInstant(offset));
    }

    /** This time with {@code zone}'s offset applied when the line carried none. */
    public LogTimestamp inZone(ZoneId zone) {
        if (offset != null || zone == null) {
            return this;
        }
        return new LogTimestamp(dateTime, zone.getRules().getOffset(dateTime));
    }

    /** ISO-8601: {@code 2025-03-11T10:00:00.123Z}, {@code ...+01:00}, or without offset when unknown. */
    @Override
    public String toString() {
        return offset == null
                ? DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime)
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.of(dateTime, offset));
    }
}
