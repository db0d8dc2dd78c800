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

    // equals and hashCode written out: a record's generated ones are linked at their first call, which
    // cost a status run 10-20 ms of start-up on its critical path (this is a map key on every run).
    @Override
    public boolean equals(Object other) {
        return other instanceof TableLocation o && Objects.equals(catalog, o.catalog)
                && Objects.equals(schema, o.schema) && name.equals(o.name) && kind == o.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(catalog, schema, name, kind);
    }

    /** {@code schema.TABLE} for messages (not for SQL: that goes through the dialect's quoting). */
    public String displayName() {
        return schema == null ? name : schema + "." + name;
    }
}
