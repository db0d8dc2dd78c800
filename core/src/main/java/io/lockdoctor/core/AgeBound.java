package io.lockdoctor.core;

import io.lockdoctor.core.model.InstalledOn;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * A lower bound on a lock's age. HAPI stores only the writer's local day, zone unknown, so the
 * latest instant the lock can have been taken is the end of that day in the westernmost zone
 * (UTC-12): d + 1 day 12:00 UTC. The age is at least {@code now} minus that, never negative.
 *
 * @param takenNoLaterThan the latest instant the lock can have been taken
 * @param atLeast the age bound at {@code now}, zero when the bound is in the future
 */
public record AgeBound(Instant takenNoLaterThan, Duration atLeast, Source source) {
    /** The westernmost zone in use: the last place where a given day ends. */
    static final ZoneOffset WESTERNMOST = ZoneOffset.ofHours(-12);

    public AgeBound {
        Objects.requireNonNull(takenNoLaterThan, "takenNoLaterThan");
        Objects.requireNonNull(atLeast, "atLeast");
        Objects.requireNonNull(source, "source");
    }

    /** The bound for a stored {@code installed_on}, measured at the database's {@code now}. */
    static AgeBound fromInstalledOn(InstalledOn installedOn, Instant now, Optional<ZoneId> writerZone) {
        Instant latest;
        Source source;
        if (installedOn.dayPrecise()) {
            LocalDateTime endOfDay = installedOn.day().plusDays(1).atTime(LocalTime.MIDNIGHT);
            latest = endOfDay.atZone(writerZone.orElse(WESTERNMOST)).toInstant();
            source = writerZone.isPresent() ? Source.INSTALLED_ON_DAY_WRITER_ZONE : Source.INSTALLED_ON_DAY;
        } else {
            LocalDateTime time = installedOn.time().orElseThrow();
            latest = time.atZone(writerZone.orElse(WESTERNMOST)).toInstant();
            source = writerZone.isPresent() ? Source.INSTALLED_ON_TIME_WRITER_ZONE : Source.INSTALLED_ON_TIME;
        }
        Duration age = Duration.between(latest, now);
        return new AgeBound(latest, age.isNegative() ? Duration.ZERO : age, source);
    }

    /** Where a lock's age bound comes from, from weakest to strongest. */
    public enum Source {
        /** A day-precise {@code installed_on} in an unknown zone: taken no later than d + 1 day 12:00 UTC. */
        INSTALLED_ON_DAY,
        /** A day-precise {@code installed_on} read in the writers' zone, given by the operator. */
        INSTALLED_ON_DAY_WRITER_ZONE,
        /** A date-time {@code installed_on} (Flyway-written) in an unknown zone: at most UTC-12. */
        INSTALLED_ON_TIME,
        /** A date-time {@code installed_on} read in the writers' zone, given by the operator. */
        INSTALLED_ON_TIME_WRITER_ZONE
    }
}
