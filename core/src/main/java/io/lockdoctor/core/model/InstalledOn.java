package io.lockdoctor.core.model;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code installed_on} value as stored: a local day or a local date-time, zone unknown.
 *
 * <p>HAPI binds every {@code installed_on} with {@code setDate}, so its rows read {@code 00:00:00} even in
 * a Flyway-shaped TIMESTAMP column: a midnight value is treated as day-precise, which only ever
 * makes an age bound smaller, never larger.
 */
public record InstalledOn(LocalDate day, LocalDateTime dateTime) {

    public InstalledOn {
        Objects.requireNonNull(day, "day");
        if (dateTime != null && !dateTime.toLocalDate().equals(day)) {
            throw new IllegalArgumentException("dateTime " + dateTime + " is not on " + day);
        }
    }

    public static InstalledOn ofDay(LocalDate day) {
        return new InstalledOn(day, null);
    }

    /** A date-time at exactly midnight is taken as day-precise (see the class comment). */
    public static InstalledOn of(LocalDateTime value) {
        if (value.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            return ofDay(value.toLocalDate());
        }
        return new InstalledOn(value.toLocalDate(), value);
    }

    public boolean dayPrecise() {
        return dateTime == null;
    }

    public Optional<LocalDateTime> time() {
        return Optional.ofNullable(dateTime);
    }

    /** {@code YYYY-MM-DD} when day-precise, an ISO local date-time otherwise. */
    @Override
    public String toString() {
        return dateTime == null ? day.toString() : dateTime.toString();
    }
}
