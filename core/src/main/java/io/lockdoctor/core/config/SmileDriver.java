package io.lockdoctor.core.config;

import java.util.Locale;
import java.util.Optional;

/** Smile CDR's {@code db.driver} names and the lockdoctor dialect each maps to. */
public enum SmileDriver {
    H2_EMBEDDED("h2"),
    DERBY_EMBEDDED(null),
    MYSQL_5_7("mariadb"),
    MARIADB_10_1("mariadb"),
    POSTGRES_9_4("postgresql"),
    ORACLE_12C("oracle"),
    MSSQL_2012("sqlserver"),
    COCKROACHDB_21_1("postgresql");

    private final String dialectId;

    SmileDriver(String dialectId) {
        this.dialectId = dialectId;
    }

    /** The dialect id, empty for Derby (which HAPI supports and lockdoctor does not). */
    public Optional<String> dialectId() {
        return Optional.ofNullable(dialectId);
    }

    public static Optional<SmileDriver> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
