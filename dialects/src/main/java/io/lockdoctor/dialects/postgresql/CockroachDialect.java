package io.lockdoctor.dialects.postgresql;

import java.util.Set;

/**
 * CockroachDB behind the PostgreSQL driver: read like PostgreSQL, but its {@code pg_stat_activity}
 * shows one node's sessions only, so sessions are never observable, and it was never run here.
 * Detected from metadata only (the URL is PostgreSQL's); named in reports as CockroachDB.
 */
public final class CockroachDialect extends PostgresDialect {

    public CockroachDialect() {
        super("cockroachdb", "CockroachDB", Set.of("COCKROACHDB_21_1"));
    }

    /** {@code jdbc:postgresql:} belongs to PostgreSQL; metadata tells CockroachDB apart after connecting. */
    @Override
    public boolean acceptsUrl(String jdbcUrl) {
        return false;
    }

    @Override
    public boolean acceptsProduct(String productName, String productVersion) {
        return "PostgreSQL".equalsIgnoreCase(productName) && looksLikeCockroach(productVersion);
    }

    @Override
    public int detectionPriority() {
        return 10;
    }

    @Override
    public boolean verifiedAgainstRealServer() {
        return false;
    }
}
