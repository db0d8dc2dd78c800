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

    /**
     * ISO-8601: {@code 2025-03-11T10:00:00.123Z}, {@code ...+01:00}, or without offset when unknown; as
     * {@link DateTimeFormatter#ISO_LOCAL_DATE_TIME} and {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} write it.
     * A crash loop's report shows thousands: written directly, the formatter is not even compiled.
     */
    @Override
    public String toString() {
        int year = dateTime.getYear();
        if (year < 0 || year > 9999) { // a sign, or more digits: the formatter's rules
            return offset == null
                    ? DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(dateTime)
                    : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.of(dateTime, offset));
        }
        StringBuilder s = new StringBuilder(35);
        digits(s, year, 4);
        digits(s.append('-'), dateTime.getMonthValue(), 2);
        digits(s.append('-'), dateTime.getDayOfMonth(), 2);
        digits(s.append('T'), dateTime.getHour(), 2);
        digits(s.append(':'), dateTime.getMinute(), 2);
        digits(s.append(':'), dateTime.getSecond(), 2);
        int nano = dateTime.getNano();
        if (nano != 0) {
            // the fraction's digits without trailing zeros
            int width = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                width--;
            }
            digits(s.append('.'), nano, width);
        }
        if (offset != null) {
            s.append(offset.getId()); // Z, +01:00 or +01:00:30, as the formatter writes an offset
        }
        return s.toString();
    }

    /** {@code value} in {@code width} digits, zeros first. */
    private static void digits(StringBuilder s, int value, int width) {
        for (int unit = pow10(width - 1); unit > 0; unit /= 10) {
            s.append((char) ('0' + value / unit % 10));
        }
    }

    private static int pow10(int n) {
        int p = 1;
        for (int k = 0; k < n; k++) {
            p *= 10;
        }
        return p;
    }
}
