package io.lockdoctor.core.model;

import java.util.Optional;

/**
 * The lock row HAPI's migrator inserts at every start ({@code installed_rank = -100}) and deletes
 * when it ends. {@code description} is kept exactly as stored; {@link #uuid()} is its canonical
 * lower-case form when it is a UUID at all.
 */
public record LockRow(String description, InstalledOn installedOn, String installedBy) {

    public Optional<String> uuid() {
        return LockUuid.parse(description);
    }
}
