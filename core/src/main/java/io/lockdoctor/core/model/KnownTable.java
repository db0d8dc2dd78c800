package io.lockdoctor.core.model;

import java.util.Locale;
import java.util.Optional;

/** The history tables HAPI FHIR's migration tool keeps; any database may hold either or both. */
public enum KnownTable {
    /** Smile CDR Cluster Manager database. */
    FLY_CDR_MIGRATION("Cluster Manager"),
    /** Each FHIR repository database ({@code SchemaMigrator.HAPI_FHIR_MIGRATION_TABLENAME}). */
    FLY_HFJ_MIGRATION("FHIR repository");

    private final String role;

    KnownTable(String role) {
        this.role = role;
    }

    /** What the database holding this table is, in Smile CDR's words. */
    public String role() {
        return role;
    }

    /** Case-insensitive lookup, since some databases fold unquoted names. */
    public static Optional<KnownTable> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.toUpperCase(Locale.ROOT);
        for (KnownTable table : values()) {
            if (table.name().equals(upper)) {
                return Optional.of(table);
            }
        }
        return Optional.empty();
    }
}
