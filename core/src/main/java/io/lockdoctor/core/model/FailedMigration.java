package io.lockdoctor.core.model;

/**
 * A history row with {@code success = false}. {@code retriedSuccessfully} is true when a later row
 * for the same version succeeded, so the failure no longer blocks anything.
 */
public record FailedMigration(
        int installedRank, String version, String description, InstalledOn installedOn, boolean retriedSuccessfully) {
}
