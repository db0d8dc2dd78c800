package io.lockdoctor.core.model;

/**
 * One row of a history table, as stored. {@code result} is null in a Flyway-shaped table that
 * HAPI has not yet altered, and for failed tasks.
 */
public record MigrationRow(
        int installedRank,
        String version,
        String description,
        String type,
        String script,
        Integer checksum,
        String installedBy,
        InstalledOn installedOn,
        int executionTime,
        boolean success,
        String result) {

    /** HAPI's lock row rank ({@code HapiMigrationLock.LOCK_PID}). */
    public static final int LOCK_RANK = -100;
    /** The row HAPI writes when it creates the table. */
    public static final int TABLE_CREATED_RANK = -1;

    public boolean isLock() {
        return installedRank == LOCK_RANK;
    }
}
