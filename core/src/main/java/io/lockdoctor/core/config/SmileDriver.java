package io.lockdoctor.core.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Smile CDR's {@code db.driver} names. Which of them lockdoctor reads is each dialect's to say
 * ({@link io.lockdoctor.core.spi.Dialect#smileDrivers()}): Derby, which HAPI supports, has none.
 */
public enum SmileDriver {
    H2_EMBEDDED,
    DERBY_EMBEDDED,
    MYSQL_5_7,
    MARIADB_10_1,
    POSTGRES_9_4,
    ORACLE_12C,
    MSSQL_2012,
    COCKROACHDB_21_1;

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
