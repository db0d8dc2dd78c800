package io.lockdoctor.core.model;

import java.util.Objects;

/**
 * Where a history table was found. {@code schema} is the schema (or, on MariaDB/MySQL, the
 * database) exactly as the catalog spells it; {@code name} likewise.
 */
public record TableLocation(String catalog, String schema, String name, KnownTable kind) {
    public TableLocation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /** {@code schema.TABLE} for messages (not for SQL: that goes through the dialect's quoting). */
    public String displayName() {
        return schema == null ? name : schema + "." + name;
    }
}
