package io.lockdoctor.core;

/** Where a lock's age bound comes from, from weakest to strongest. */
public enum AgeSource {
    /** A day-precise {@code installed_on} in an unknown zone: taken no later than d + 1 day 12:00 UTC. */
    INSTALLED_ON_DAY,
    /** A day-precise {@code installed_on} read in the writers' zone, given by the operator. */
    INSTALLED_ON_DAY_WRITER_ZONE,
    /** A date-time {@code installed_on} (Flyway-written) in an unknown zone: at most UTC-12. */
    INSTALLED_ON_TIME,
    /** A date-time {@code installed_on} read in the writers' zone, given by the operator. */
    INSTALLED_ON_TIME_WRITER_ZONE
}
